package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.Checkpoint;
import org.sparkmlp.job.model.CheckpointStore;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.report.TrainingCharts;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlp train}: data-parallel minibatch SGD on Spark; writes a model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a network by data-parallel minibatch SGD on Spark, evaluates it after every epoch "
                + "and writes the model directory (model file + metrics).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = JobFile.OPTION, paramLabel = "FILE",
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

    @Option(names = "--layers", description = "Layer sizes, e.g. 784-256-128-10.")
    String layers;

    @Option(names = "--activation", defaultValue = "sigmoid",
            description = "Hidden layers: sigmoid, tanh, relu or identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--output", defaultValue = "softmax",
            description = "Output layer: softmax or sigmoid (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--loss", defaultValue = "cross-entropy",
            description = "cross-entropy or quadratic (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--standardize", description = "Standardise features (statistics of the training data, "
            + "stored in the model).")
    boolean standardize;

    @Mixin
    OptimizerOptions optimizer = new OptimizerOptions();

    @Option(names = "--batch", defaultValue = "64", description = "Global minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-iterations", defaultValue = "0", description = "Stop after this many iterations.")
    long maxIterations;

    @Option(names = "--shuffle", defaultValue = "epoch",
            description = "none (sequential minibatches: first n rows, then the next n) or epoch "
                    + "(default: ${DEFAULT-VALUE}).")
    String shuffle;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the shuffle.")
    long seed;

    @Option(names = "--patience", defaultValue = "0",
            description = "Early stopping: epochs without a lower validation loss (default: off).")
    int patience;

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Option(names = "--tree-depth", defaultValue = "1", description = "Depth of the gradient tree reduction; 1: the driver adds the task results (default: ${DEFAULT-VALUE}).")
    int treeDepth;

    @Option(names = "--checkpoint-dir", description = "Write checkpoints here (any Hadoop path).")
    String checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "0",
            description = "Iterations between checkpoints (default: one per epoch).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir, if any.")
    boolean resume;

    @Option(names = "--model", description = "Model directory to write (any Hadoop path).")
    String model;

    @Option(names = "--overwrite", description = "Replace an existing model directory.")
    boolean overwrite;

    @Option(names = "--progress", defaultValue = "auto",
            description = "auto (a progress bar per epoch on a terminal), bar or lines (one line per epoch only) "
                    + "(default: ${DEFAULT-VALUE}).")
    ConsoleProgress.Mode progress;

    @Option(names = "--init-model", paramLabel = "PATH",
            description = "Start from this model's parameters instead of initial weights drawn from --seed (same network).")
    String initModel;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Override
    public Integer call() throws IOException {
        if (jobFile != null) {
            JobFile.read(java.nio.file.Path.of(jobFile)).checkKeys(spec.commandLine());
        }
        schedule.resolvePaths(this, spec.commandLine());
        requireOptions();
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topology.parse(layers, Activation.parse(activation), Activation.parse(output),
                Cost.parse(loss));
        TrainingConfig config = new TrainingConfig(batch, epochs, Shuffle.parse(shuffle), seed);
        optimizer.check(spec.commandLine());
        SparkSession spark = sparkOptions.start("mlp train " + topology.layers());
        // Spark's Hadoop configuration (with spark.hadoop.* settings) for every path, the model's included
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        ScheduledRun scheduled = schedule.scheduled() ? ScheduledRun.begin(schedule, hadoop, out) : null;
        if (scheduled != null && scheduled.alreadySucceeded()) {
            return 0;
        }
        ModelDirectory target = scheduled != null ? scheduled.target()
                : ModelDirectory.prepare(model, hadoop, overwrite);
        if (scheduled != null) {
            initModel = scheduled.initialModel(initModel);
        }
        double[] initial = initModel == null ? null
                : InitialModel.parameters(initModel, topology, standardize, hadoop);
        LoadedData trainSet = DataLoader.load(spark, format.spec(train, trainLabels, true), sparkOptions.partitions,
                topology.inputSize(), topology.outputSize());
        LoadedData testSet = test == null ? null : DataLoader.load(spark, format.spec(test, testLabels, true),
                sparkOptions.partitions, topology.inputSize(), topology.outputSize());
        Optimizer opt = optimizer.build(topology.parameterCount(), config.iterations(trainSet.count()));
        TrainingRun run = new TrainingRun(topology, config, opt,
                new TrainingLimits(maxIterations, checkpointEvery, patience, treeDepth), standardize);
        TrainingRun.Data data = run.prepare(trainSet, testSet);

        out.printf("network %s, %d parameters; %s%s; BLAS %s; Spark %s, %d partitions%n", topology,
                topology.parameterCount(), data.train().description(),
                data.validation() == null ? "" : "; validation: " + data.validation().description(),
                Blas.describe(Blas.get()), spark.version(), data.train().blocks().getNumPartitions());
        out.flush();

        CheckpointStore checkpoints = checkpointDir == null ? null : new CheckpointStore(new Path(checkpointDir), hadoop);
        Checkpoint resumeFrom = null;
        if (resume) {
            Optional<Checkpoint> latest = checkpoints.latest();
            resumeFrom = latest.orElse(null);
            out.println(latest.map(c -> "resuming from the checkpoint after iteration " + c.iteration())
                    .orElse("no checkpoint in " + checkpointDir + " yet; starting from the beginning"));
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingData", train);
        if (test != null) {
            provenance.put("validationData", test);
        }
        if (initModel != null) {
            provenance.put("initialModel", initModel);
        }
        TrainingRun.Result result = run.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), data,
                initial, checkpoints, resumeFrom, new ConsoleProgress(out, progress.bars()), provenance);
        List<String> metrics = result.outcome().metrics();
        target.commit(result.model(), metrics, directory -> drawCharts(metrics, directory, hadoop, out));
        if (scheduled != null) {
            scheduled.publish();
        }
        out.printf(Locale.ROOT, "%s after %d iterations in %.1f s%s; model written to %s%n",
                result.outcome().stopReason(), result.outcome().iterations(), result.seconds(),
                finalValidation(result.outcome().lastEpoch()), target.path());
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
        if (resume && checkpointDir == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs --checkpoint-dir");
        }
    }

    /** The charts are a convenience: where AWT cannot draw (e.g. no fonts installed) the model is still written. */
    private static void drawCharts(List<String> metrics, Path directory, Configuration hadoop, PrintWriter out)
            throws IOException {
        try {
            TrainingCharts.write(metrics, directory, hadoop);
        } catch (RuntimeException | LinkageError | InternalError e) {
            out.println("warning: charts not drawn (" + e + "); once fixed, draw them with mlp inspect --plots");
        }
    }

    private static String finalValidation(EpochResult last) {
        return last == null || Double.isNaN(last.evalAccuracy()) ? ""
                : String.format(Locale.ROOT, "; validation accuracy %.4f, loss %.4f", last.evalAccuracy(), last.evalLoss());
    }
}
