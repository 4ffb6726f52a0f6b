package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.EpochMetrics;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.report.TrainingCharts;
import org.sparkmlp.job.train.InvalidOptionException;
import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingRun;
import org.sparkmlp.job.train.TrainingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlp train}: data-parallel minibatch SGD on Spark; writes a model directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains a network by data-parallel minibatch SGD on Spark, evaluates it after every epoch "
                + "and writes the model directory (model file + metrics).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = JobFile.OPTION,
            paramLabel = "FILE",
            description = "Job file (conf/*.conf) with default values for these options.")
    String jobFile;

    @Option(names = "--train", description = "Training data (any Hadoop path).")
    String train;

    @Option(names = "--train-labels", description = "IDX: its labels file (default: the one beside it).")
    String trainLabels;

    @Option(names = "--test", description = "Validation data, evaluated after every epoch.")
    String test;

    @Option(names = "--test-labels", description = "IDX: its labels file (default: the one beside it).")
    String testLabels;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Option(
            names = "--task",
            defaultValue = TrainingDefaults.TASK,
            description = "classification (class labels) or regression (real-valued labels, one per output) "
                    + "(default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--layers", description = "Layer sizes, e.g. 784-256-128-10.")
    String layers;

    @Option(
            names = "--activation",
            defaultValue = TrainingDefaults.ACTIVATION,
            description = "Hidden layers: sigmoid, tanh, relu or identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--output",
            description = "Output layer: softmax or sigmoid; with --loss quadratic also tanh, relu or identity "
                    + "(default: " + TrainingDefaults.OUTPUT + "; for regression " + TrainingDefaults.REGRESSION_OUTPUT
                    + ").")
    String output;

    @Option(
            names = "--loss",
            description = "cross-entropy or quadratic (default: " + TrainingDefaults.LOSS + "; for regression "
                    + TrainingDefaults.REGRESSION_LOSS + ", the only one).")
    String loss;

    @Option(
            names = "--standardize",
            description = "Standardise features, and for regression the targets (statistics of the training data, "
                    + "stored in the model; predictions are in the targets' units).")
    boolean standardize;

    @Mixin
    OptimizerOptions optimizer = new OptimizerOptions();

    @Option(
            names = "--batch",
            defaultValue = "" + TrainingDefaults.BATCH,
            description = "Global minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--epochs",
            defaultValue = "" + TrainingDefaults.EPOCHS,
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--max-iterations",
            defaultValue = "" + TrainingDefaults.MAX_ITERATIONS,
            description = "Stop after this many iterations (default: no limit).")
    long maxIterations;

    @Option(
            names = "--shuffle",
            defaultValue = TrainingDefaults.SHUFFLE,
            description = "none (sequential minibatches: first n rows, then the next n) or epoch "
                    + "(default: ${DEFAULT-VALUE}).")
    String shuffle;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainingDefaults.SEED,
            description = "Seed of the initial weights and the shuffle.")
    long seed;

    @Option(
            names = "--patience",
            defaultValue = "" + TrainingDefaults.PATIENCE,
            description = "Early stopping: epochs without a lower validation loss (default: off).")
    int patience;

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Option(
            names = "--engine",
            defaultValue = TrainingDefaults.ENGINE,
            description = "How iterations run on the "
                    + "cluster: jobs (a Spark job per iteration) or barrier (a barrier stage per epoch whose tasks exchange "
                    + "with the driver directly); the same weights either way (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--precision",
            defaultValue = TrainingDefaults.PRECISION,
            description = "Arithmetic of backpropagation: float64 or float32 (sgemm, about twice the speed; FP32 on "
                    + "the wire too; the driver keeps FP64 weights) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--wire",
            defaultValue = TrainingDefaults.WIRE,
            description = "Format of the weights and gradient sums between driver and tasks: float64 or float32 "
                    + "(half the bytes; the driver keeps FP64 weights) (default: ${DEFAULT-VALUE}).")
    String wire;

    @Option(
            names = "--storage",
            defaultValue = TrainingDefaults.STORAGE,
            description = "How the cached features are stored: auto (uint8 for IDX; sparse for LIBSVM or "
                    + "SparseVectors storing under 10%% of the features; else float64, or float32 with --precision "
                    + "float32), float64, float32 (each value "
                    + "rounded once), uint8 (bytes read as k/255) or sparse (CSR rows) (default: ${DEFAULT-VALUE}).")
    String storage;

    @Option(
            names = "--tree-depth",
            defaultValue = "" + TrainingDefaults.TREE_DEPTH,
            description =
                    "Depth of the gradient tree reduction; 1: the driver adds the task results (default: ${DEFAULT-VALUE}).")
    int treeDepth;

    @Option(names = "--checkpoint-dir", description = "Write checkpoints here (any Hadoop path).")
    String checkpointDir;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "" + TrainingDefaults.CHECKPOINT_EVERY,
            description = "Iterations between checkpoints (default: one per epoch).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir, if any.")
    boolean resume;

    @Option(names = "--model", description = "Model directory to write (any Hadoop path).")
    String model;

    @Option(names = "--overwrite", description = "Replace an existing model directory.")
    boolean overwrite;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description = "auto (a progress bar per epoch on a terminal), bar or lines (one line per epoch only) "
                    + "(default: ${DEFAULT-VALUE}).")
    ConsoleProgress.Mode progress;

    @Option(
            names = "--init-model",
            paramLabel = "PATH",
            description =
                    "Start from this model's parameters instead of initial weights drawn from --seed (same network).")
    String initModel;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        if (cli.getDefaultValueProvider() instanceof JobFile file) {
            file.checkKeys(cli);
        }
        TrainingPaths paths = schedule.resolvePaths(
                new TrainingPaths(train, trainLabels, test, testLabels, checkpointDir),
                model,
                overwrite,
                initModel,
                cli);
        requireOptions();
        sparkOptions.check(cli);
        format.check(cli);
        TrainingSpec training = trainingSpec(paths.checkpointDir());
        format.checkTask(cli, training.task(), paths.train());
        format.checkTask(cli, training.task(), paths.test());
        Topology topology = training.topology();
        PrintWriter out = cli.getOut();
        SparkSession spark = sparkOptions.start("mlp train " + topology.layers());
        // Spark's Hadoop configuration (with spark.hadoop.* settings) for every path, the model's included
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        new OutputLocations(hadoop)
                .beside("--model", model)
                .into("--checkpoint-dir", paths.checkpointDir())
                .into("--model-root", schedule.modelRoot);
        ScheduledRun scheduled =
                schedule.scheduled() ? ScheduledRun.begin(schedule, schedule.lockWait(cli), hadoop, out) : null;
        try (scheduled) { // releases the model root's lock however the run ends
            return train(spark, hadoop, training, paths, scheduled, out);
        }
    }

    private int train(
            SparkSession spark,
            Configuration hadoop,
            TrainingSpec training,
            TrainingPaths paths,
            ScheduledRun scheduled,
            PrintWriter out)
            throws IOException {
        Topology topology = training.topology();
        if (scheduled != null && scheduled.alreadySucceeded()) {
            return 0;
        }
        ModelDirectory target =
                scheduled != null ? scheduled.target() : ModelDirectory.prepare(model, hadoop, overwrite);
        String startFrom = scheduled != null ? scheduled.initialModel(initModel) : initModel;
        double[] initial = startFrom == null
                ? null
                : InitialModel.parameters(startFrom, topology, training.task(), training.standardize(), hadoop);
        TrainingRun run = new TrainingRun(training);
        LoadedData trainSet = DataLoader.load(
                spark,
                run.loading(format.spec(paths.train(), paths.trainLabels(), true, training.task())),
                training.partitions(),
                topology.inputSize(),
                topology.outputSize());
        LoadedData testSet = paths.test() == null
                ? null
                : DataLoader.load(
                        spark,
                        run.loading(format.spec(paths.test(), paths.testLabels(), true, training.task())),
                        training.partitions(),
                        topology.inputSize(),
                        topology.outputSize());
        TrainingRun.Data data = run.prepare(trainSet, testSet);

        out.printf(
                "network %s, %d parameters; %s%s; BLAS %s; Spark %s, %d partitions%n",
                topology,
                topology.parameterCount(),
                data.train().summary(),
                data.validation() == null
                        ? ""
                        : "; validation: " + data.validation().summary(),
                Blas.describe(Blas.get()),
                spark.version(),
                data.train().blocks().getNumPartitions());
        out.flush();

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingData", paths.train());
        if (paths.test() != null) {
            provenance.put("validationData", paths.test());
        }
        if (startFrom != null) {
            provenance.put("initialModel", startFrom);
        }
        TrainingRun.Result result = run.train(
                JavaSparkContext.fromSparkContext(spark.sparkContext()),
                data,
                initial,
                new ConsoleProgress(out, progress.bars()),
                provenance);
        List<EpochMetrics> metrics = result.outcome().metrics();
        target.commit(result.model(), metrics, directory -> drawCharts(metrics, directory, hadoop, out));
        if (scheduled != null) {
            scheduled.publish();
        }
        out.printf(
                Locale.ROOT,
                "%s after %d iterations in %.1f s%s; model written to %s%n",
                result.outcome().stopReason(),
                result.outcome().iterations(),
                result.seconds(),
                finalValidation(result.outcome().lastEpoch()),
                target.path());
        return 0;
    }

    private void requireOptions() {
        if (jobFile == null && train == null && layers == null && model == null) {
            throw new ParameterException(spec.commandLine(), "missing --train, --layers and --model (or --conf FILE)");
        }
        String modelPath = model != null ? model : schedule.modelRoot;
        for (var option : new String[][] {{"--train", train}, {"--layers", layers}, {"--model", modelPath}}) {
            if (option[1] == null) {
                throw new ParameterException(spec.commandLine(), "missing required option '" + option[0] + "'");
            }
        }
    }

    /** The training options, each checked: a usage error names the first that is wrong. */
    private TrainingSpec trainingSpec(String checkpoints) {
        try {
            TrainingSpec.Builder builder =
                    TrainingSpec.builder().task(task).layers(layers).activation(activation);
            if (output != null) {
                builder.output(output);
            }
            if (loss != null) {
                builder.loss(loss);
            }
            builder.standardize(standardize);
            return optimizer
                    .applyTo(builder)
                    .batch(batch)
                    .epochs(epochs)
                    .maxIterations(maxIterations)
                    .shuffle(shuffle)
                    .seed(seed)
                    .patience(patience)
                    .treeDepth(treeDepth)
                    .engine(engine)
                    .precision(precision)
                    .wire(wire)
                    .checkpointEvery(checkpointEvery)
                    .partitions(sparkOptions.partitions)
                    .storage(storage)
                    .checkpointDir(checkpoints)
                    .resume(resume)
                    .build();
        } catch (InvalidOptionException e) {
            throw UsageErrors.of(spec.commandLine(), e);
        }
    }

    /** The charts are a convenience: where AWT cannot draw (e.g. no fonts installed) the model is still written. */
    private static void drawCharts(List<EpochMetrics> metrics, Path directory, Configuration hadoop, PrintWriter out)
            throws IOException {
        try {
            TrainingCharts.draw(metrics, directory, hadoop);
        } catch (RuntimeException | LinkageError | InternalError e) {
            out.println("warning: charts not drawn (" + e + "); once fixed, draw them with mlp inspect --plots");
        }
    }

    private static String finalValidation(EpochResult last) {
        if (last != null && !Double.isNaN(last.evalRmse())) {
            return String.format(Locale.ROOT, "; validation rmse %.6g, loss %.4f", last.evalRmse(), last.evalLoss());
        }
        return last == null || Double.isNaN(last.evalAccuracy())
                ? ""
                : String.format(
                        Locale.ROOT, "; validation accuracy %.4f, loss %.4f", last.evalAccuracy(), last.evalLoss());
    }
}
