package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.report.TrainingCharts;

/** The command line as a user runs it (in-process, local[2]), on the sample bundled in data/ and small files. */
class MlpCommandTest {
    static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    static final String TRAIN = SAMPLE.resolve("train-images-idx3-ubyte.gz").toString();
    static final String TEST = SAMPLE.resolve("t10k-images-idx3-ubyte.gz").toString();

    /** What the last {@link #run} printed and returned. */
    private InProcessMlp.Result last;

    @TempDir
    Path dir;

    @AfterAll
    static void stopSpark() {
        InProcessMlp.stopSpark();
    }

    private int run(String... args) {
        last = InProcessMlp.run(args);
        return last.exitCode();
    }

    private int train(String model, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                "3",
                "--train",
                TRAIN,
                "--test",
                TEST,
                "--layers",
                "784-32-10",
                "--activation",
                "relu",
                "--optimizer",
                "momentum",
                "--lr",
                "0.05",
                "--batch",
                "100",
                "--epochs",
                "2",
                "--model",
                model));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** {@code mlp train} of a 2-4-3 network on a small CSV file. */
    private int trainOnCsv(Path csv, Path model, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--train",
                csv.toString(),
                "--layers",
                "2-4-3",
                "--model",
                model.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void trainsEvaluatesPredictsAndInspects() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(model.toString()), last.err());
        String output = last.out();
        assertTrue(output.contains("network 784-32-10 relu,softmax cross-entropy, 25450 parameters"), output);
        assertTrue(output.contains("epoch 1  iteration 100 "), output);
        assertTrue(output.contains("epoch 2  iteration 200 "), output);
        assertTrue(output.contains("completed 2 epochs after 200 iterations"), output);
        assertTrue(Files.isRegularFile(model.resolve(ModelDirectory.MODEL_FILE)));
        List<String> metrics = Files.readAllLines(model.resolve(ModelDirectory.METRICS_FILE));
        assertEquals(2, metrics.size());
        JsonNode epoch2 = new ObjectMapper().readTree(metrics.get(1));
        assertEquals(200, epoch2.get("iteration").asInt());
        double validationAccuracy = epoch2.get("validationAccuracy").asDouble();
        assertTrue(validationAccuracy > 0.75, metrics.get(1));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(model), left.toList(), "no staging directory is left behind");
        }

        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", TEST, "--json"), last.err());
        JsonNode evaluation = new ObjectMapper().readTree(last.out());
        assertEquals(2000, evaluation.get("count").asLong());
        assertEquals(
                validationAccuracy,
                evaluation.get("accuracy").asDouble(),
                1e-15,
                "evaluate sees what training's last validation saw");
        assertEquals(
                epoch2.get("validationLoss").asDouble(), evaluation.get("loss").asDouble(), 1e-12);

        assertEquals(0, run("inspect", "--model", model.toString(), "--json"), last.err());
        JsonNode inspected = new ObjectMapper().readTree(last.out());
        assertEquals("784-32-10", inspected.get("layers").asText());
        assertEquals(25450, inspected.get("parameterCount").asInt());
        assertEquals(200, inspected.get("metadata").get("iterations").asInt());

        Path predictions = dir.resolve("predictions");
        assertEquals(
                0,
                run("predict", "--model", model.toString(), "--data", TEST, "--out", predictions.toString()),
                last.err());
        List<String> lines;
        try (Stream<Path> parts = Files.list(predictions)) {
            lines = parts.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .flatMap(MlpCommandTest::lines)
                    .filter(l -> !l.startsWith("row,"))
                    .toList();
        }
        assertEquals(2000, lines.size());
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                run("predict", "--model", model.toString(), "--data", TEST, "--out", predictions.toString()),
                "an existing output is not overwritten");
        String[] first = lines.get(0).split(",");
        assertEquals(12, first.length);
        double total = 0;
        for (int k = 2; k < 12; k++) {
            total += Double.parseDouble(first[k]);
        }
        assertEquals(1.0, total, 1e-9);

        // a damaged model file is refused, naming the file
        Path file = model.resolve(ModelDirectory.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Files.deleteIfExists(model.resolve("." + ModelDirectory.MODEL_FILE + ".crc"));
        assertEquals(MlpCommand.EXIT_BAD_INPUT, run("inspect", "--model", model.toString()));
        assertTrue(last.err().contains(ModelDirectory.MODEL_FILE) && last.err().contains("checksum"), last.err());
    }

    @Test
    void theModelDirectoryHoldsALearningCurveAndAConfusionMatrixThatInspectRedraws() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(model.toString(), "--progress", "lines"), last.err());
        assertFalse(last.out().contains("%"), "no progress bar when asked for lines: " + last.out());
        assertPng(model.resolve(TrainingCharts.LEARNING_CURVE), 1120, 760);
        BufferedImage confusionChart = assertPng(model.resolve(TrainingCharts.CONFUSION_MATRIX), 0, 0);

        List<String> metrics = Files.readAllLines(model.resolve(ModelDirectory.METRICS_FILE));
        JsonNode recorded = new ObjectMapper().readTree(metrics.get(1)).get("confusion");
        Path plot = dir.resolve("evaluated.png");
        assertEquals(
                0,
                run("evaluate", "--model", model.toString(), "--data", TEST, "--json", "--plot", plot.toString()),
                last.err());
        JsonNode evaluated =
                new ObjectMapper().readTree(last.out().lines().findFirst().orElseThrow());
        assertEquals(evaluated.get("confusionMatrix"), recorded, "the metrics line holds the last validation's matrix");
        long total = 0;
        for (JsonNode row : recorded) {
            for (JsonNode count : row) {
                total += count.asLong();
            }
        }
        assertEquals(2000, total);
        BufferedImage evaluatedChart = assertPng(plot, confusionChart.getWidth(), confusionChart.getHeight());
        assertFalse(samePixels(confusionChart, evaluatedChart), "the two charts have different titles");

        Files.delete(model.resolve(TrainingCharts.LEARNING_CURVE));
        Files.delete(model.resolve(TrainingCharts.CONFUSION_MATRIX));
        assertEquals(0, run("inspect", "--model", model.toString(), "--plots"), last.err());
        assertTrue(last.out().contains("drew "), last.out());
        assertPng(model.resolve(TrainingCharts.LEARNING_CURVE), 1120, 760);
        assertTrue(
                samePixels(confusionChart, assertPng(model.resolve(TrainingCharts.CONFUSION_MATRIX), 0, 0)),
                "redrawn from the metrics file, the same picture");

        Files.writeString(model.resolve(ModelDirectory.METRICS_FILE), metrics.get(0) + "\n{\"epoch\": \"two\"}\n");
        Files.delete(model.resolve("." + ModelDirectory.METRICS_FILE + ".crc")); // Hadoop's checksum of the old file
        assertEquals(MlpCommand.EXIT_BAD_INPUT, run("inspect", "--model", model.toString(), "--plots"));
        assertTrue(last.err().contains("metrics.jsonl, line 2: not a metrics line"), last.err());
    }

    private static BufferedImage assertPng(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null, file + " is a PNG image");
        if (width > 0) {
            assertEquals(width, image.getWidth(), file.toString());
            assertEquals(height, image.getHeight(), file.toString());
        }
        return image;
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void standardisationIsFittedOnTheTrainingDataStoredInTheModelAndAppliedWhenEvaluating() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(model.toString(), "--standardize", "--lr", "0.01", "--epochs", "1"), last.err());
        JsonNode epoch = new ObjectMapper()
                .readTree(Files.readAllLines(model.resolve(ModelDirectory.METRICS_FILE))
                        .get(0));

        assertEquals(0, run("inspect", "--model", model.toString(), "--json"), last.err());
        assertEquals(
                "standardize(784 features)",
                new ObjectMapper().readTree(last.out()).get("featureScaling").asText());
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", TEST, "--json"), last.err());
        assertEquals(
                epoch.get("validationAccuracy").asDouble(),
                new ObjectMapper().readTree(last.out()).get("accuracy").asDouble(),
                1e-15);
    }

    @Test
    void trainsFromCsvAndEveryCommandHasHelp() throws IOException {
        Path csv = dir.resolve("train.csv");
        StringBuilder rows = new StringBuilder("a,label,b\n");
        for (int r = 0; r < 300; r++) {
            rows.append(r % 3 * 0.5)
                    .append(',')
                    .append(r % 3)
                    .append(',')
                    .append((r * 7 % 11) / 11.0)
                    .append('\n');
        }
        Files.writeString(csv, rows);
        assertEquals(
                0,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        csv.toString(),
                        "--test",
                        csv.toString(),
                        "--layers",
                        "2-8-3",
                        "--activation",
                        "tanh",
                        "--lr",
                        "0.5",
                        "--batch",
                        "30",
                        "--epochs",
                        "20",
                        "--model",
                        dir.resolve("m").toString()),
                last.err());
        assertTrue(last.out().contains("validation accuracy 1.0000"), last.out());

        // picocli reports a description it cannot format (a lone %) on System.err, and prints it raw
        PrintStream console = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"train", "evaluate", "predict", "inspect", "export"}) {
                assertEquals(0, run(command, "--help"));
                assertTrue(last.out().startsWith("Usage: mlp " + command), last.out());
            }
        } finally {
            System.setErr(console);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resumingFromACheckpointGivesTheModelOfAnUninterruptedRun() throws IOException {
        Configuration hadoop = new Configuration();
        assertEquals(0, train(dir.resolve("whole").toString(), "--optimizer", "adam", "--lr", "0.002"), last.err());
        String checkpoints = dir.resolve("checkpoints").toString();
        // the first run stops after 130 of 200 iterations, as if it had crashed there
        assertEquals(
                0,
                train(
                        dir.resolve("part").toString(),
                        "--optimizer",
                        "adam",
                        "--lr",
                        "0.002",
                        "--checkpoint-dir",
                        checkpoints,
                        "--checkpoint-every",
                        "40",
                        "--max-iterations",
                        "130"),
                last.err());
        assertEquals(
                0,
                train(
                        dir.resolve("resumed").toString(),
                        "--optimizer",
                        "adam",
                        "--lr",
                        "0.002",
                        "--checkpoint-dir",
                        checkpoints,
                        "--resume",
                        // the checkpoint's run stored its IDX pixels as uint8 (auto): the same doubles
                        "--storage",
                        "float64"),
                last.err());
        assertTrue(last.out().contains("resuming from the checkpoint after iteration 130"), last.out());
        assertTrue(last.out().contains("stored as float64"), last.out());
        Path rounded = dir.resolve("rounded");
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                train(
                        rounded.toString(),
                        "--optimizer",
                        "adam",
                        "--lr",
                        "0.002",
                        "--checkpoint-dir",
                        checkpoints,
                        "--resume",
                        "--storage",
                        "float32"));
        assertTrue(last.err().contains("storage absent in the checkpoint, float32 in this run"), last.err());
        assertFalse(Files.exists(rounded));

        MlpModel whole = ModelDirectory.read(dir.resolve("whole").toString(), hadoop);
        MlpModel resumed = ModelDirectory.read(dir.resolve("resumed").toString(), hadoop);
        assertArrayEquals(whole.parameters(), resumed.parameters(), "same partitions: bit-identical");
        List<String> wholeMetrics = Files.readAllLines(dir.resolve("whole").resolve(ModelDirectory.METRICS_FILE));
        List<String> resumedMetrics = Files.readAllLines(dir.resolve("resumed").resolve(ModelDirectory.METRICS_FILE));
        assertEquals(wholeMetrics.size(), resumedMetrics.size());
        for (int e = 0; e < wholeMetrics.size(); e++) {
            JsonNode expected = new ObjectMapper().readTree(wholeMetrics.get(e));
            JsonNode actual = new ObjectMapper().readTree(resumedMetrics.get(e));
            for (String field :
                    new String[] {"epoch", "iteration", "trainLoss", "validationLoss", "validationAccuracy"}) {
                assertEquals(
                        expected.get(field).asDouble(), actual.get(field).asDouble(), "epoch " + (e + 1) + " " + field);
            }
        }
    }

    @Test
    void anExistingModelIsNeitherOverwrittenNorTrainedFor() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("keep"), "previous");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, train(model.toString()));
        assertTrue(last.err().contains("already exists"), last.err());
        assertFalse(last.out().contains("epoch 1"), last.out());
        assertEquals("previous", Files.readString(model.resolve("keep")));

        assertEquals(0, train(model.toString(), "--epochs", "1", "--overwrite"), last.err());
        assertFalse(Files.exists(model.resolve("keep")), "--overwrite replaces the directory as a whole");
        assertTrue(Files.isRegularFile(model.resolve(ModelDirectory.MODEL_FILE)));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(model), left.toList(), "neither the staging nor the old directory is left behind");
        }
    }

    @Test
    void aJobFileGivesDefaultsAndTheCommandLineWins() throws IOException {
        Path job = dir.resolve("job.conf");
        Files.writeString(
                job,
                "train = " + TRAIN + "\nlayers = 784-16-10\nactivation = tanh\nbatch = 500\n"
                        + "epochs = 3\nlr = 0.1\n");
        assertEquals(
                0,
                run(
                        "train",
                        "--conf",
                        job.toString(),
                        "--epochs",
                        "1",
                        "--master",
                        "local[2]",
                        "--model",
                        dir.resolve("m").toString()),
                last.err());
        assertTrue(last.out().contains("network 784-16-10 tanh,softmax cross-entropy"), last.out());
        assertTrue(last.out().contains("completed 1 epoch after 20 iterations"), last.out());

        Files.writeString(job, "train = " + TRAIN + "\nlayer = 784-16-10\n");
        assertEquals(
                2,
                run(
                        "train",
                        "--conf",
                        job.toString(),
                        "--model",
                        dir.resolve("m2").toString()));
        assertTrue(last.err().contains("'layer' is not an option of 'mlp train'"), last.err());
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        assertEquals(2, run("train", "--train", "x", "--layers", "784-10", "--bogus"));
        assertEquals(
                "mlp train: Unknown option: '--bogus' (see --help)", last.err().strip());
    }

    @Test
    void theCosineScheduleSpansAllEpochsUnlessGivenItsLength() throws IOException {
        Configuration hadoop = new Configuration();
        assertEquals(0, train(dir.resolve("cosine").toString(), "--lr-schedule", "cosine"), last.err());
        assertTrue(String.valueOf(ModelDirectory.read(dir.resolve("cosine").toString(), hadoop)
                        .metadata()
                        .get("optimizer"))
                .contains("CosineDecay[initialRate=0.05, minRate=0.0, totalIterations=200]"));
        assertEquals(
                0, train(dir.resolve("short").toString(), "--lr-schedule", "cosine", "--lr-step", "50"), last.err());
        assertTrue(String.valueOf(ModelDirectory.read(dir.resolve("short").toString(), hadoop)
                        .metadata()
                        .get("optimizer"))
                .contains("totalIterations=50]"));
    }

    @Test
    void anUnknownScheduleIsAUsageErrorBeforeSparkStarts() {
        assertEquals(2, run("train", "--train", "x", "--layers", "784-10", "--model", "m", "--lr-schedule", "linear"));
        assertTrue(
                last.err().contains("--lr-schedule must be one of constant, step, exponential, cosine, got 'linear'"),
                last.err());
    }

    @Test
    void missingOptionsAreUsageErrors() {
        assertEquals(2, run("train", "--layers", "784-10", "--model", "m"));
        assertEquals(
                "mlp train: missing required option '--train' (see --help)",
                last.err().strip());
        assertEquals(2, run("evaluate", "--model"));
        assertTrue(last.err().contains("Missing required parameter for option '--model'"), last.err());
        assertEquals(2, run());
        assertEquals(
                "mlp: missing subcommand: one of train, evaluate, predict, inspect, export, help (see --help)",
                last.err().strip());
    }

    @Test
    void aMissingFileIsNamedAndNothingIsWritten() {
        Path model = dir.resolve("model");
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        "/no/such/train-images-idx3-ubyte.gz",
                        "--layers",
                        "784-10",
                        "--model",
                        model.toString()));
        assertTrue(last.err().contains("/no/such/train-images-idx3-ubyte.gz"), last.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void theBarrierEngineWritesTheJobsEnginesModelToTheBitAndFailsOnBadRecordsAlike() throws IOException {
        // 3 partitions on local[2]'s 2 task slots: one barrier task holds two
        Path jobs = dir.resolve("jobs");
        Path barrier = dir.resolve("barrier");
        assertEquals(0, train(jobs.toString(), "--epochs", "1"), last.err());
        Path job = dir.resolve("barrier.properties");
        Files.writeString(job, "engine = barrier\n");
        assertEquals(0, train(barrier.toString(), "--epochs", "1", "--conf", job.toString()), last.err());
        MlpModel fromJobs = ModelDirectory.read(jobs.toString(), new org.apache.hadoop.conf.Configuration());
        MlpModel fromBarrier = ModelDirectory.read(barrier.toString(), new org.apache.hadoop.conf.Configuration());
        assertArrayEquals(fromJobs.parameters(), fromBarrier.parameters(), 0.0);
        assertEquals("barrier", fromBarrier.metadata().get("engine"));

        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "label,a,b\n0,0.5,0.25\n1,0.1,0.2\n7,0.3,0.3\n");
        for (String engine : new String[] {"jobs", "barrier"}) {
            assertEquals(MlpCommand.EXIT_BAD_INPUT, trainOnCsv(csv, dir.resolve(engine + "-bad"), "--engine", engine));
            assertTrue(
                    last.err().startsWith("mlp: ")
                            && last.err().contains("bad.csv, record 2")
                            && last.err().contains("label 7"),
                    last.err());
        }
        assertEquals(
                MlpCommand.EXIT_USAGE,
                run(
                        "train",
                        "--engine",
                        "rings",
                        "--train",
                        TRAIN,
                        "--layers",
                        "784-10",
                        "--model",
                        dir.resolve("never").toString()));
    }

    @Test
    void badRecordsAreReportedWithFileRecordAndReasonAndNothingIsWritten() throws IOException {
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "label,a,b\n0,0.5,0.25\n1,0.1,0.2\n7,0.3,0.3\n");
        Path model = dir.resolve("model");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, trainOnCsv(csv, model));
        String message = last.err();
        assertTrue(
                message.contains("train.csv") && message.contains("record 2") && message.contains("label 7"), message);
        assertFalse(Files.exists(model));

        Files.writeString(csv, "label,a,b\n0,0.5,0.25\n1,NaN,0.2\n");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, trainOnCsv(csv, model));
        assertTrue(last.err().contains("record 1"), last.err());
        assertFalse(Files.exists(model));

        Files.writeString(csv, "label,a,b\n0,0,1\n1,0.5,0.2\n");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, trainOnCsv(csv, model, "--storage", "uint8"));
        assertTrue(
                last.err().contains("train.csv, record 1")
                        && last.err().contains("0.5, which --storage uint8 cannot hold"),
                last.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void aNetworkThatDoesNotFitTheDataIsRefused() {
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        TRAIN,
                        "--layers",
                        "100-10",
                        "--model",
                        dir.resolve("m").toString()));
        assertTrue(last.err().contains("784") && last.err().contains("100"), last.err());
    }

    @Test
    void aDivergingRunExitsWithTheTrainingFailureCodeAndWritesNoModel() {
        Path model = dir.resolve("model");
        assertEquals(
                MlpCommand.EXIT_TRAINING_FAILED,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        TRAIN,
                        "--layers",
                        "784-32-10",
                        "--activation",
                        "identity",
                        "--lr",
                        "1e6",
                        "--batch",
                        "1000",
                        "--model",
                        model.toString()));
        assertTrue(last.err().contains("lower the learning rate"), last.err());
        assertFalse(Files.exists(model));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
