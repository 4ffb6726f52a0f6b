package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it, on the sample bundled in data/. */
class MlpCommandTest {
    static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MlpCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void trainsOnTheBundledSampleAndReportsEveryEpoch() {
        int code = run("train", "--train", SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(),
                "--test", SAMPLE.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--layers", "784-32-10", "--activation", "relu", "--optimizer", "momentum", "--lr", "0.05",
                "--batch", "32", "--epochs", "2");

        assertEquals(0, code, err.toString());
        String output = out.toString();
        assertTrue(output.contains("network 784-32-10 relu,softmax cross-entropy, 25450 parameters; 10000 training"
                + " examples, 2000 test examples"), output);
        assertTrue(output.contains("epoch 1  iteration 313 "), output);
        assertTrue(output.contains("epoch 2  iteration 626 "), output);
        Matcher accuracy = Pattern.compile("test accuracy (0\\.\\d+)").matcher(output);
        assertTrue(accuracy.find(), output);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.75, output);
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        assertEquals(2, run("train", "--train", "x", "--layers", "784-10", "--bogus"));
        assertEquals("mlp train: Unknown option: '--bogus' (see --help)", err.toString().strip());
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertEquals(2, run("train", "--layers", "784-10"));
        assertEquals("mlp train: Missing required option: '--train=<train>' (see --help)", err.toString().strip());
        assertEquals(2, run("train", "--train"));
        assertTrue(err.toString().contains("Missing required parameter for option '--train'"), err.toString());
    }

    @Test
    void badInputFileNamesTheFileAndExitsWithTheBadInputCode(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});

        assertEquals(MlpCommand.EXIT_BAD_INPUT, run("train", "--train", images.toString(), "--layers", "784-10"));
        assertTrue(err.toString().startsWith("mlp: "), err.toString());
        assertTrue(err.toString().contains(images.toString()), err.toString());
    }

    @Test
    void missingFileIsNamed() {
        assertEquals(MlpCommand.EXIT_BAD_INPUT, run("train", "--train", "/no/such/train-images-idx3-ubyte.gz",
                "--layers", "784-10"));
        assertEquals("mlp: no such file: /no/such/train-images-idx3-ubyte.gz", err.toString().strip());
    }

    @Test
    void networkThatDoesNotFitTheDataIsRefused() {
        int code = run("train", "--train", SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(),
                "--layers", "100-10", "--epochs", "1");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, code);
        assertEquals("mlp: the training set has 784 features per example but the network 100-10 takes 100",
                err.toString().strip());
    }

    @Test
    void unknownOptimizerIsRefused() {
        int code = run("train", "--train", SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(),
                "--layers", "784-10", "--optimizer", "rmsprop");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().contains("unknown optimizer 'rmsprop'"), err.toString());
    }
}
