package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code deploy/mlp}, the launcher README tells users to run, on the bundled sample. */
class DeployMlpIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SAMPLE = "data/fashion-mnist-sample/";

    record Run(int exitCode, String out, String err) {
    }

    private static Run mlp(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/mlp").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void trainsAndEvaluatesWithoutRebuilding() throws Exception {
        Run run = mlp("train", "--train", SAMPLE + "train-images-idx3-ubyte.gz", "--test",
                SAMPLE + "t10k-images-idx3-ubyte.gz", "--layers", "784-64-10", "--activation", "relu",
                "--optimizer", "nesterov", "--lr", "0.02", "--batch", "50", "--epochs", "1");

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("building"), "the jar from package should be used as it is:\n" + run.err());
        assertTrue(run.err().contains("BLAS backend: "), run.err());
        assertTrue(run.out().contains("epoch 1  iteration 200  train loss "), run.out());
        assertTrue(run.out().contains("test accuracy"), run.out());
    }

    @Test
    void usageErrorExitsWithTwo() throws Exception {
        Run run = mlp("train", "--train", "x", "--layers", "784-10", "--epochs");
        assertEquals(2, run.exitCode());
        assertEquals("mlp train: Missing required parameter for option '--epochs' (<epochs>) (see --help)",
                run.err().lines().filter(l -> l.startsWith("mlp")).findFirst().orElse(run.err()));
    }
}
