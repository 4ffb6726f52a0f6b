package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.corpora.ManPageCorpus;
import org.sparkmlp.job.Script;

/** {@code deploy/mlp}, the launcher README tells users to run, as a user runs it. */
class DeployMlpIT {
    static final String SAMPLE = "data/fashion-mnist-sample/";
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    private static Script.Result mlp(String... args) throws Exception {
        return mlp(null, args);
    }

    private static Script.Result mlp(Path sparkHome, String... args) throws Exception {
        // OpenBLAS's threads are deploy/mlp's choice, not the test JVM's
        Map<String, String> env = sparkHome == null
                ? Map.of("OPENBLAS_NUM_THREADS", "")
                : Map.of("OPENBLAS_NUM_THREADS", "", "SPARK_HOME", sparkHome.toString());
        return Script.start(env, "deploy/mlp", List.of(args)).finish(Duration.ofMinutes(10));
    }

    @Test
    void theQuickStartTrainsEvaluatesPredictsAndInspectsWithoutRebuilding() throws Exception {
        String model = dir.resolve("fashion-sample-model").toString();
        // README's quick start, with the model in a temporary directory
        Script.Result train = mlp(
                "train",
                "--train",
                SAMPLE + "train-images-idx3-ubyte.gz",
                "--test",
                SAMPLE + "t10k-images-idx3-ubyte.gz",
                "--layers",
                "784-256-128-10",
                "--activation",
                "relu",
                "--optimizer",
                "momentum",
                "--lr",
                "0.01",
                "--batch",
                "64",
                "--epochs",
                "5",
                "--model",
                model);
        assertEquals(0, train.exitCode(), train.err());
        assertFalse(train.err().contains("building"), "the jar from package should be used as it is:\n" + train.err());
        assertTrue(train.out().contains("epoch 5  iteration 785  train loss "), train.out());
        assertTrue(train.out().contains("BLAS JNIBLAS (native libopenblas.so.0, OPENBLAS_NUM_THREADS=1)"), train.out());
        assertTrue(train.out().contains("model written to file:" + model), train.out());

        Script.Result evaluate =
                mlp("evaluate", "--model", model, "--data", SAMPLE + "t10k-images-idx3-ubyte.gz", "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode result = new ObjectMapper().readTree(evaluate.out());
        assertEquals(2000, result.get("count").asLong());
        assertTrue(result.get("accuracy").asDouble() > 0.8, evaluate.out());

        Script.Result inspect = mlp("inspect", "--model", model);
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("784-256-128-10 relu,relu,softmax cross-entropy"), inspect.out());

        Script.Result predict = mlp(
                "predict",
                "--model",
                model,
                "--data",
                SAMPLE + "t10k-images-idx3-ubyte.gz",
                "--out",
                dir.resolve("predictions").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(Files.exists(dir.resolve("predictions/_SUCCESS")));
    }

    /** docs/cli.md's regression example, one epoch: train, evaluate, predict and inspect. */
    @Test
    void aRegressionModelTrainsEvaluatesPredictsAndInspects() throws Exception {
        String model = dir.resolve("randhie").toString();
        String[] data = {"--label-column", "mdvis"};
        Script.Result train = mlp(
                "train",
                "--task",
                "regression",
                "--train",
                "data/randhie/train.csv",
                "--test",
                "data/randhie/test.csv",
                data[0],
                data[1],
                "--layers",
                "9-16-1",
                "--activation",
                "tanh",
                "--standardize",
                "--optimizer",
                "adam",
                "--lr",
                "0.003",
                "--epochs",
                "1",
                "--master",
                "local[2]",
                "--model",
                model);
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("network 9-16-1 tanh,identity quadratic"), train.out());
        assertTrue(train.out().contains("; validation rmse "), train.out());

        Script.Result evaluate =
                mlp("evaluate", "--model", model, "--data", "data/randhie/test.csv", data[0], data[1], "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode result = new ObjectMapper().readTree(evaluate.out());
        assertEquals(4038, result.get("count").asLong());
        // doctor visits: mean 2.86, standard deviation 4.5; a network that learnt nothing has RMSE 4.5 or more
        assertTrue(result.get("rmse").asDouble() < 4.4 && result.get("r2").asDouble() > 0, evaluate.out());

        Script.Result inspect = mlp("inspect", "--model", model);
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("task        regression"), inspect.out());

        Path predictions = dir.resolve("randhie-predictions");
        Script.Result predict = mlp(
                "predict",
                "--model",
                model,
                "--data",
                "data/randhie/test.csv",
                data[0],
                data[1],
                "--out",
                predictions.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(Files.exists(predictions.resolve("_SUCCESS")));
    }

    /**
     * With SPARK_HOME set, deploy/mlp hands the job to {@code $SPARK_HOME/bin/spark-submit}. The Spark installation
     * here is a stand-in made of the Maven build's Spark jars only, whose spark-submit runs Spark's own SparkSubmit
     * (what the real script does): our classes and dependencies must arrive in the application jar.
     */
    @Test
    void runsThroughSparkSubmitWhenSparkHomeIsSet() throws Exception {
        Path launcher = Script.ROOT.resolve("spark-job/target/launcher");
        String sparkJars = Files.readString(launcher.resolve("spark-classpath")).strip();
        assertFalse(sparkJars.contains("picocli") || sparkJars.contains("core-math"), sparkJars);
        Path bin = Files.createDirectories(dir.resolve("spark/bin"));
        Path submit = bin.resolve("spark-submit");
        Files.writeString(
                submit,
                "#!/usr/bin/env bash\nexec java "
                        + Files.readString(launcher.resolve("jvm-options")).strip() + " -cp '" + sparkJars
                        + "' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        assertTrue(submit.toFile().setExecutable(true));

        String model = dir.resolve("model").toString();
        Script.Result train = mlp(
                dir.resolve("spark"),
                "train",
                "--train",
                SAMPLE + "t10k-images-idx3-ubyte.gz",
                "--layers",
                "784-16-10",
                "--batch",
                "200",
                "--epochs",
                "1",
                "--master",
                "local[2]",
                "--model",
                model);
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("completed 1 epoch after 10 iterations"), train.out());
        Script.Result bad = mlp(
                dir.resolve("spark"),
                "inspect",
                "--model",
                dir.resolve("nothing").toString());
        assertEquals(3, bad.exitCode(), "spark-submit passes the job's exit code on: " + bad.err());
    }

    /**
     * The three full Fashion-MNIST runs below train through the barrier engine, which writes the jobs engine's
     * weights to the bit (FP64 and FP32: {@code BarrierEngineTest}, {@code Float32TrainingTest},
     * {@code BarrierClusterIT}), so their accuracies are those of the job files' default engine, in a fraction of
     * its time at these small minibatches; the jobs engine runs end to end in the quick start above.
     */
    @Test
    @Tag("fashion")
    void theReferenceJobReachesEightyFivePercentOnFullFashionMnist() throws Exception {
        assertTrue(Files.isDirectory(FASHION), "install the Debian package dataset-fashion-mnist");
        Script.Result train = mlp(
                "train",
                "--conf",
                "conf/fashion-reference.conf",
                "--epochs",
                "3",
                "--engine",
                "barrier",
                "--master",
                "local[2]",
                "--model",
                dir.resolve("fashion").toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(finalValidationAccuracy(train) >= 0.85, train.out());
    }

    @Test
    @Tag("fashion")
    void theBenchmarksRecipeReachesEightyEightPercentOnFullFashionMnist() throws Exception {
        assertTrue(Files.isDirectory(FASHION), "install the Debian package dataset-fashion-mnist");
        Script.Result train = mlp(
                "train",
                "--conf",
                "conf/fashion-fast.conf",
                "--engine",
                "barrier",
                "--master",
                "local[2]",
                "--model",
                dir.resolve("fashion-fast").toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("completed 10 epochs after 1180 iterations"), train.out());
        assertTrue(finalValidationAccuracy(train) >= 0.88, train.out());
    }

    @Test
    @Tag("fashion")
    void float32ComputeReachesEightyFivePercentOnFullFashionMnistInThreeEpochs() throws Exception {
        assertTrue(Files.isDirectory(FASHION), "install the Debian package dataset-fashion-mnist");
        Path model = dir.resolve("fashion-float32");
        Script.Result train = mlp(
                "train",
                "--conf",
                "conf/fashion-fast.conf",
                "--epochs",
                "3",
                "--precision",
                "float32",
                "--engine",
                "barrier",
                "--master",
                "local[2]",
                "--model",
                model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(finalValidationAccuracy(train) >= 0.85, train.out());
        Script.Result inspect = mlp("inspect", "--model", model.toString());
        assertTrue(inspect.out().contains("float32"), inspect.out());
    }

    /** The validation accuracy of mlp train's last line. */
    private static double finalValidationAccuracy(Script.Result train) {
        var accuracy = java.util.regex.Pattern.compile("validation accuracy (0\\.\\d+)")
                .matcher(train.out());
        assertTrue(accuracy.find(), train.out());
        return Double.parseDouble(accuracy.group(1));
    }

    /**
     * The text pipeline's rows (manual pages labelled by section, hashed into 2^18 features) as LIBSVM files, trained
     * in a 1 GB heap in FP64 and in FP32: stored dense, the training rows alone would take 2^18 × 8 bytes = 2 MB each,
     * over 2 GB; and FP32 compute at batch 1024, were it to densify its minibatches, would need 512 rows × 2^18 × 4
     * bytes = 512 MB in each of the two tasks.
     */
    @Test
    void libsvmTextAtTwoToTheEighteenFeaturesTrainsInAOneGigabyteHeapInEitherPrecision() throws Exception {
        int perSection = 250;
        List<ManPageCorpus.Document> documents = ManPageCorpus.read(perSection);
        Assumptions.assumeFalse(documents.isEmpty(), ManPageCorpus.missing(perSection));
        Path train = dir.resolve("man-train.libsvm");
        Path test = dir.resolve("man-test.libsvm");
        ManPageCorpus.writeLibsvm(documents, 1 << 18, train, test);
        long trainRows = Files.readAllLines(train).size();
        long denseBytes = trainRows * (8L << 18);
        assertTrue(denseBytes > 2L << 30, trainRows + " rows dense take " + denseBytes + " bytes");

        Script.Result float64 =
                trainLibsvmInOneGigabyte("float64", "adam", train, test, "--batch", "128", "--epochs", "3");
        assertTrue(float64.out().contains("stored as sparse"), float64.out());
        // the sections' largest share of the test rows is under 0.2
        assertTrue(finalValidationAccuracy(float64) > 0.7, float64.out());

        // and lazy Adam, the optimizer made for sparse features
        Script.Result float32 = trainLibsvmInOneGigabyte(
                "float32", "lazy-adam", train, test, "--precision", "float32", "--batch", "1024", "--epochs", "8");
        assertTrue(finalValidationAccuracy(float32) > 0.7, float32.out());
    }

    private Script.Result trainLibsvmInOneGigabyte(
            String name, String optimizer, Path train, Path test, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                train.toString(),
                "--test",
                test.toString(),
                "--format",
                "libsvm",
                "--layers",
                (1 << 18) + "-16-" + ManPageCorpus.SECTIONS.size(),
                "--activation",
                "relu",
                "--optimizer",
                optimizer,
                "--lr",
                "0.01",
                "--master",
                "local[2]",
                "--model",
                dir.resolve("man-model-" + name).toString()));
        args.addAll(List.of(options));
        Map<String, String> env = Map.of("OPENBLAS_NUM_THREADS", "", "MLP_JAVA_OPTS", "-Xmx1g");
        Script.Result run = Script.start(env, "deploy/mlp", args).finish(Duration.ofMinutes(10));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    @Test
    void usageErrorsExitWithTwoAndBadInputWithThree() throws Exception {
        Script.Result usage = mlp("train", "--train", "x", "--layers", "784-10", "--epochs");
        assertEquals(2, usage.exitCode());
        assertEquals(
                "mlp train: Missing required parameter for option '--epochs' (<epochs>) (see --help)",
                usage.err().lines().filter(l -> l.startsWith("mlp")).findFirst().orElse(usage.err()));

        Path model = dir.resolve("model");
        Script.Result bad = mlp(
                "train",
                "--train",
                SAMPLE + "train-images-idx3-ubyte.gz",
                "--layers",
                "100-10",
                "--model",
                model.toString());
        assertEquals(3, bad.exitCode(), bad.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void aBadRecordFoundOnAnExecutorIsOneLineOnTheConsoleAndTheWholeTraceInTheLog() throws Exception {
        Path csv = dir.resolve("train.csv");
        StringBuilder rows = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 400; i++) {
            rows.append(i % 3)
                    .append(',')
                    .append(i % 7 / 7.0)
                    .append(',')
                    .append(i % 5 / 5.0)
                    .append('\n');
        }
        rows.append("1,0.5,abc\n");
        Files.writeString(csv, rows);
        Path log = dir.resolve("logs/mlp.log");
        Script.Result bad = Script.start(
                        Map.of("OPENBLAS_NUM_THREADS", "", "MLP_LOG_FILE", log.toString()),
                        "deploy/mlp",
                        List.of(
                                "train",
                                "--train",
                                csv.toString(),
                                "--layers",
                                "2-3",
                                "--partitions",
                                "2",
                                "--model",
                                dir.resolve("model").toString()))
                .finish(Duration.ofMinutes(5));

        assertEquals(3, bad.exitCode(), bad.describe());
        List<String> console = bad.err()
                .lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules"))
                .toList();
        assertEquals(
                List.of("mlp: " + csv + ", record 400 (line 402): column 'b' holds 'abc', not a number (log: " + log
                        + ")"),
                console,
                bad.describe());
        String trace = Files.readString(log);
        assertTrue(trace.contains("ERROR org.apache.spark.executor.Executor: Exception in task"), trace);
        assertTrue(trace.contains("ERROR org.sparkmlp.job.cli.MlpCommand: mlp train --train " + csv), trace);
        assertTrue(trace.contains("\tat org.sparkmlp.job.data."), trace);
        assertFalse(Files.exists(dir.resolve("model")));
    }
}
