package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.job.LeastSquares;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;

/**
 * {@code mlp train --task regression} and the commands on its model, in-process (local[2]), on the RAND health
 * insurance data bundled in {@code data/randhie} and the multi-output Linnerud data in {@code data/linnerud}.
 */
class RegressionCommandTest {
    static final Path RANDHIE = Path.of("..", "data", "randhie");
    static final String TRAIN = RANDHIE.resolve("train.csv").toString();
    static final String TEST = RANDHIE.resolve("test.csv").toString();

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

    private int train(String model, String partitions, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                partitions,
                "--task",
                "regression",
                "--train",
                TRAIN,
                "--test",
                TEST,
                "--label-column",
                "mdvis",
                "--layers",
                "9-16-1",
                "--activation",
                "tanh",
                "--standardize",
                "--optimizer",
                "adam",
                "--lr",
                "0.003",
                "--batch",
                "64",
                "--epochs",
                "4",
                "--progress",
                "lines",
                "--model",
                model));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /**
     * Trains, then evaluates, predicts and inspects as a user would; the held-out RMSE is compared with ordinary
     * least squares fitted on the same standardised features, and evaluate agrees with predict's values.
     */
    @Test
    void trainsARegressionNetworkThatMatchesLeastSquaresAndEvaluatesPredictsAndInspectsIt() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(model.toString(), "3"), last.err());
        String output = last.out();
        assertTrue(output.contains("network 9-16-1 tanh,identity quadratic"), output);
        assertTrue(output.contains("test rmse"), output);
        List<String> metrics = Files.readAllLines(model.resolve(ModelDirectory.METRICS_FILE));
        JsonNode lastEpoch = new ObjectMapper().readTree(metrics.get(metrics.size() - 1));
        assertTrue(
                lastEpoch.has("validationRmse") && !lastEpoch.has("validationAccuracy") && !lastEpoch.has("confusion"),
                lastEpoch + "");

        assertEquals(
                0,
                run("evaluate", "--model", model.toString(), "--data", TEST, "--label-column", "mdvis", "--json"),
                last.err());
        JsonNode evaluation = new ObjectMapper().readTree(last.out());
        assertEquals(4038, evaluation.get("count").asLong());
        double rmse = evaluation.get("rmse").asDouble();
        assertEquals(lastEpoch.get("validationRmse").asDouble(), rmse, 1e-12 * rmse, "evaluate sees training's last");
        assertTrue(evaluation.has("mae") && evaluation.has("r2") && evaluation.has("loss"), evaluation.toString());

        LeastSquares.Split data = LeastSquares.read(Path.of(TRAIN), Path.of(TEST), "mdvis");
        double baseline = LeastSquares.fit(data.trainX(), data.trainY()).rmse(data.testX(), data.testY());
        System.out.printf(
                java.util.Locale.ROOT,
                "randhie held-out RMSE: MLP %.4f, least squares %.4f, ratio %.4f%n",
                rmse,
                baseline,
                rmse / baseline);
        assertTrue(rmse < 1.03 * baseline, "MLP test RMSE " + rmse + " vs least squares " + baseline);

        Path predictions = dir.resolve("predictions");
        assertEquals(
                0,
                run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--data",
                        TEST,
                        "--label-column",
                        "mdvis",
                        "--out",
                        predictions.toString()),
                last.err());
        double[] predicted = new double[4038];
        try (Stream<Path> parts = Files.list(predictions)) {
            for (Path part : parts.filter(p -> p.toString().endsWith(".csv")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    if (!line.startsWith("row,")) {
                        String[] cells = line.split(",");
                        predicted[Integer.parseInt(cells[0])] = Double.parseDouble(cells[1]);
                    }
                }
            }
        }
        double squares = 0;
        for (int r = 0; r < predicted.length; r++) {
            squares += (predicted[r] - data.testY()[r]) * (predicted[r] - data.testY()[r]);
        }
        assertEquals(rmse, Math.sqrt(squares / predicted.length), 1e-9 * rmse, "predict writes the labels' units");

        assertEquals(0, run("inspect", "--model", model.toString(), "--json"), last.err());
        JsonNode inspected = new ObjectMapper().readTree(last.out());
        assertEquals("regression", inspected.get("task").asText());
        assertEquals("standardize(1 features)", inspected.get("targetScaling").asText());
        MlpModel read = ModelDirectory.read(model.toString(), new Configuration());
        assertEquals(Task.REGRESSION, read.task());
        assertEquals(1, read.targetScaling().numFeatures());
    }

    /** One partition and three train the same weights, up to the order of summation. */
    @Test
    void partitionsChangeNothing() throws IOException {
        Path one = dir.resolve("one");
        Path three = dir.resolve("three");
        assertEquals(0, train(one.toString(), "1", "--epochs", "1"), last.err());
        assertEquals(0, train(three.toString(), "3", "--epochs", "1"), last.err());
        double[] a = ModelDirectory.read(one.toString(), new Configuration()).parameters();
        double[] b = ModelDirectory.read(three.toString(), new Configuration()).parameters();
        assertArrayEquals(a, b, 1e-9);
    }

    /** A warm start (--init-model) takes a model of the run's own task only. */
    @Test
    void aRegressionModelDoesNotWarmStartAClassifier() throws IOException {
        Path regression = dir.resolve("regression");
        assertEquals(0, train(regression.toString(), "2", "--epochs", "1"), last.err());
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        TRAIN,
                        "--label-column",
                        "mdvis",
                        "--layers",
                        "9-16-2",
                        "--init-model",
                        regression.toString(),
                        "--model",
                        dir.resolve("classifier").toString()));
        assertTrue(last.err().contains("is a regression model; this run trains classification"), last.err());
        assertEquals(1, last.err().lines().count(), last.err());
    }

    /** Several outputs: Linnerud's three physiological values as one Parquet array label, standardised. */
    @Test
    void aParquetArrayLabelTrainsSeveralOutputs() throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
        List<String> exercise = Files.readAllLines(Path.of("..", "data", "linnerud", "exercise.csv"));
        List<String> physiological = Files.readAllLines(Path.of("..", "data", "linnerud", "physiological.csv"));
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        for (int r = 1; r < exercise.size(); r++) {
            rows.add(RowFactory.create(numbers(exercise.get(r)), numbers(physiological.get(r))));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
        String parquet = dir.resolve("linnerud.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet);
        Path model = dir.resolve("linnerud");
        assertEquals(
                0,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--task",
                        "regression",
                        "--train",
                        parquet,
                        "--layers",
                        "3-3",
                        "--standardize",
                        "--lr",
                        "0.05",
                        "--batch",
                        "4",
                        "--epochs",
                        "30",
                        "--progress",
                        "lines",
                        "--model",
                        model.toString()),
                last.err());
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", parquet, "--json"), last.err());
        JsonNode evaluation = new ObjectMapper().readTree(last.out());
        assertEquals(20, evaluation.get("count").asLong());
        assertTrue(evaluation.get("r2").asDouble() > 0, "a linear fit explains some of the variance: " + evaluation);

        // a target of the wrong width: three values for one output
        assertEquals(
                MlpCommand.EXIT_BAD_INPUT,
                run(
                        "train",
                        "--master",
                        "local[2]",
                        "--task",
                        "regression",
                        "--train",
                        parquet,
                        "--layers",
                        "3-1",
                        "--model",
                        dir.resolve("bad").toString()));
        assertTrue(last.err().contains("the label has 3 values, expected 1"), last.err());
        assertEquals(1, last.err().lines().count(), last.err());
    }

    @Test
    void badTargetsAndIdxAreRefusedWithOneLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(TEST)).subList(0, 50));
        lines.set(17, "NaN" + lines.get(17).substring(lines.get(17).indexOf(',')));
        Files.write(bad, lines);
        String[] common = {
            "train",
            "--master",
            "local[2]",
            "--task",
            "regression",
            "--label-column",
            "mdvis",
            "--layers",
            "9-1",
            "--model",
            dir.resolve("m").toString(),
            "--train"
        };
        List<String> args = new ArrayList<>(List.of(common));
        args.add(bad.toString());
        assertEquals(MlpCommand.EXIT_BAD_INPUT, run(args.toArray(String[]::new)));
        assertTrue(last.err().contains(bad + ", record 16 (line 18): label is NaN"), last.err());
        assertEquals(1, last.err().lines().count(), last.err());
        assertTrue(Files.notExists(dir.resolve("m")), "no model is written");

        Path infinite = dir.resolve("infinite.csv");
        lines.set(17, "Infinity" + lines.get(17).substring(lines.get(17).indexOf(',')));
        Files.write(infinite, lines);
        args.set(args.size() - 1, infinite.toString());
        assertEquals(MlpCommand.EXIT_BAD_INPUT, run(args.toArray(String[]::new)));
        assertTrue(last.err().contains(infinite + ", record 16 (line 18): label is Infinity"), last.err());

        args.set(args.size() - 1, MlpCommandTest.TRAIN);
        assertEquals(MlpCommand.EXIT_USAGE, run(args.toArray(String[]::new)));
        assertTrue(last.err().contains("IDX files hold class labels"), last.err());

        assertEquals(
                MlpCommand.EXIT_USAGE,
                run(
                        "train",
                        "--task",
                        "regression",
                        "--loss",
                        "cross-entropy",
                        "--train",
                        TRAIN,
                        "--layers",
                        "9-1",
                        "--model",
                        dir.resolve("m").toString()));
        assertTrue(last.err().contains("--loss"), last.err());
    }

    private static double[] numbers(String line) {
        String[] cells = line.trim().split("\\s+");
        double[] values = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            values[i] = Double.parseDouble(cells[i]);
        }
        return values;
    }
}
