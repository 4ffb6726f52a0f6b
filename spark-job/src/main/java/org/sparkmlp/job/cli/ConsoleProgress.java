package org.sparkmlp.job.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.train.TrainingListener;

/**
 * What {@code mlp train} shows while it runs: one line per epoch, always, and on a terminal also a progress bar
 * per epoch (iterations done/total, mean training cost so far, samples/s, ETA), which disappears when the epoch's
 * line is printed.
 */
final class ConsoleProgress implements TrainingListener {
    /** When to draw bars. */
    enum Mode {
        AUTO, BAR, LINES;

        /** The stream to draw bars on (standard error), or null for none. */
        PrintStream bars() {
            boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
            return this == BAR || (this == AUTO && terminal) ? System.err : null;
        }
    }

    private final PrintWriter lines;
    private final PrintStream bars;
    private final long started = System.nanoTime();
    private ProgressBar bar;

    /** @param bars where to draw progress bars, or null for epoch lines only */
    ConsoleProgress(PrintWriter lines, PrintStream bars) {
        this.lines = lines;
        this.bars = bars;
    }

    @Override
    public void resuming(String directory, OptionalLong iteration) {
        lines.println(iteration.isPresent() ? "resuming from the checkpoint after iteration " + iteration.getAsLong()
                : "no checkpoint in " + directory + " yet; starting from the beginning");
        lines.flush();
    }

    @Override
    public void epochStarted(int epoch, int epochs, long first, long last) {
        if (bars != null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(last).startsFrom(first, Duration.ZERO).setUnit(" it", 1)
                    .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(bars)).clearDisplayOnFinish().build();
        }
    }

    @Override
    public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
        if (bar != null) {
            bar.stepTo(iteration);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f · %,.0f samples/s", meanLoss, samplesPerSecond));
        }
    }

    @Override
    public void epochDone(EpochResult result, Evaluation validation) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        lines.printf(Locale.ROOT, "%s  elapsed %.1f s%n", result, (System.nanoTime() - started) / 1e9);
        lines.flush();
    }
}
