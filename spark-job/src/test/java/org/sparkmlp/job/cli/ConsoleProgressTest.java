package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.train.EpochResult;

class ConsoleProgressTest {
    private final StringWriter lines = new StringWriter();

    @Test
    void aBarShowsIterationsLossSpeedAndEtaAndEachEpochEndsWithItsLine() {
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(
                new PrintWriter(lines),
                new PrintStream(drawn, true, StandardCharsets.UTF_8),
                ConsoleProgress.Redraw.EVERY_ITERATION);
        progress.epochStarted(2, 3, 10, 40);
        progress.iterationDone(11, 0.5, 64, 1000);
        progress.iterationDone(12, 0.4321, 128, 2345);
        progress.epochDone(new EpochResult(2, 80, 0.4321, Double.NaN, Double.NaN, 1.5, 2345), null);
        String bar = drawn.toString(StandardCharsets.UTF_8);
        assertTrue(bar.contains("epoch 2/3"), bar);
        assertTrue(bar.contains("12/40"), "iterations done/total, a resumed epoch counting from 10: " + bar);
        assertTrue(bar.contains("loss 0.4321"), bar);
        assertTrue(bar.contains("2,345 samples/s"), bar);
        assertTrue(bar.matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), "elapsed / ETA: " + bar);
        assertTrue(lines.toString().startsWith("epoch 2  iteration 80  train loss 0.4321"), lines.toString());
    }

    @Test
    void withoutATerminalThereIsOneLinePerEpochAndNoBar() {
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(lines), ConsoleProgress.Mode.LINES.bars());
        progress.epochStarted(1, 1, 0, 5);
        progress.iterationDone(5, 0.5, 320, 1000);
        progress.epochDone(new EpochResult(1, 5, 0.5, 0.6, 0.8, 1.0, 320), null);
        assertEquals(1, lines.toString().lines().count(), lines.toString());
        assertEquals(null, ConsoleProgress.Mode.AUTO.bars(), "tests run without a console");
    }
}
