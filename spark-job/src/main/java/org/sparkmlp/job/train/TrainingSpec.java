package org.sparkmlp.job.train;

import static org.sparkmlp.job.train.TrainingOption.*;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.TrainingConfig;

/**
 * Everything that decides a training run, checked once: the task, the network, standardisation, the optimizer, the
 * minibatches and epochs, the limits, checkpoints and resume, and the partitions of the data. {@code mlp train}
 * (its options and job file) and the Spark ML estimators (their Params) build one with {@link #builder()};
 * {@link TrainingRun} runs it. Immutable.
 *
 * <p>It lives beside {@link TrainingRun} rather than in core-math because it holds the Spark side's choices too
 * (tree depth, partitions, the checkpoint directory).
 */
public final class TrainingSpec {
    private static final List<String> HIDDEN = List.of("sigmoid", "tanh", "relu", "identity");
    private static final List<String> OUTPUTS = List.of("softmax", "sigmoid", "tanh", "relu", "identity");
    private static final List<String> RULES = List.of("sgd", "momentum", "nesterov", "adam", "lazy-adam");
    private static final List<String> SCHEDULES = List.of("constant", "step", "exponential", "cosine");
    private static final List<String> ENGINES = List.of("jobs", "barrier");
    private static final List<String> PRECISIONS = List.of("float64", "float32");
    private static final List<String> STORAGES = List.of("auto", "float64", "float32", "uint8", "sparse");

    private final Task task;
    private final Topology topology;
    private final boolean standardize;
    private final OptimizerSettings optimizer;
    private final TrainingConfig config;
    private final TrainingLimits limits;
    private final Engine engine;
    private final Precision precision;
    private final Precision wire;
    private final int partitions;
    private final FeatureStorage storage;
    private final String checkpointDir;
    private final boolean resume;

    private TrainingSpec(Builder b, Topology topology) {
        this.task = b.task;
        this.topology = topology;
        this.standardize = b.standardize;
        this.optimizer = new OptimizerSettings(
                b.optimizer, b.lr, b.momentum, b.lrSchedule, b.lrDecay, b.lrStep, b.lrMin, b.weightDecay, b.clipNorm);
        this.config = new TrainingConfig(b.batch, b.epochs, b.shuffle, b.seed);
        this.limits = new TrainingLimits(b.maxIterations, b.checkpointEvery, b.patience, b.treeDepth);
        this.engine = EnumNames.parse(Engine.class, b.engine, "engine");
        this.precision = EnumNames.parse(Precision.class, b.precision, "precision");
        // FP32 compute has FP32 values to send: its parameters and sums travel as FP32 whatever --wire says
        this.wire =
                precision == Precision.FLOAT32 ? Precision.FLOAT32 : EnumNames.parse(Precision.class, b.wire, "wire");
        this.partitions = b.partitions;
        this.storage = b.storage.equals("auto") ? null : EnumNames.parse(FeatureStorage.class, b.storage, "storage");
        this.checkpointDir = b.checkpointDir;
        this.resume = b.resume;
    }

    /** A builder holding the defaults ({@link TrainingDefaults}) and no layers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Classification (class labels) or regression (real-valued targets). */
    public Task task() {
        return task;
    }

    public Topology topology() {
        return topology;
    }

    /**
     * Whether the features, and for regression the targets, are standardised with the training data's statistics
     * (stored in the model).
     */
    public boolean standardize() {
        return standardize;
    }

    /** Batch size, epochs, shuffle and seed. */
    public TrainingConfig config() {
        return config;
    }

    /** Maximum iterations, checkpoint interval (0: once per epoch with a checkpoint directory), patience, tree depth. */
    public TrainingLimits limits() {
        return limits;
    }

    /** How iterations run on the cluster. */
    public Engine engine() {
        return engine;
    }

    /** The arithmetic of backpropagation on the executors. */
    public Precision precision() {
        return precision;
    }

    /** The format of the parameters and sums between driver and tasks: FP32 with FP32 compute. */
    public Precision wire() {
        return wire;
    }

    /** Partitions of the packed data; 0 for Spark's default parallelism. */
    public int partitions() {
        return partitions;
    }

    /**
     * How the cached features are stored, or null for auto (uint8 for IDX, sparse for sparse records, else float64,
     * or float32 for FP32 compute: {@code DataLoader} decides, {@link TrainingRun#loading} says which dense kind).
     * Standardised features are stored as float64 (float32 for FP32 compute) unless another kind is asked for.
     */
    public FeatureStorage storage() {
        return storage;
    }

    /** Where checkpoints go (any Hadoop path), or null for none. */
    public String checkpointDir() {
        return checkpointDir;
    }

    /** Whether to continue from the newest checkpoint in {@link #checkpointDir()}, if there is one. */
    public boolean resume() {
        return resume;
    }

    /** A fresh optimizer for a run over {@code trainingRows} rows (the cosine schedule spans all its epochs). */
    public Optimizer optimizer(long trainingRows) {
        return optimizer.build(topology.parameterCount(), config.iterations(trainingRows));
    }

    /** The checks that need no data: one option at a time as it is set, the combinations in {@link #build()}. */
    public static final class Builder {
        private Task task = Task.parse(TrainingDefaults.TASK);
        private int[] layers;
        private Activation activation = Activation.parse(TrainingDefaults.ACTIVATION);
        /** Null until set: the task's default. */
        private Activation output;

        private Cost loss;
        private boolean standardize;
        private String optimizer = TrainingDefaults.OPTIMIZER;
        private double lr = TrainingDefaults.LR;
        private double momentum = TrainingDefaults.MOMENTUM;
        private String lrSchedule = TrainingDefaults.LR_SCHEDULE;
        private double lrDecay = TrainingDefaults.LR_DECAY;
        private Long lrStep;
        private double lrMin = TrainingDefaults.LR_MIN;
        private double weightDecay = TrainingDefaults.WEIGHT_DECAY;
        private Double clipNorm;
        private int batch = TrainingDefaults.BATCH;
        private int epochs = TrainingDefaults.EPOCHS;
        private long maxIterations = TrainingDefaults.MAX_ITERATIONS;
        private Shuffle shuffle = Shuffle.parse(TrainingDefaults.SHUFFLE);
        private long seed = TrainingDefaults.SEED;
        private int patience = TrainingDefaults.PATIENCE;
        private int treeDepth = TrainingDefaults.TREE_DEPTH;
        private String engine = TrainingDefaults.ENGINE;
        private String precision = TrainingDefaults.PRECISION;
        private String wire = TrainingDefaults.WIRE;
        private long checkpointEvery = TrainingDefaults.CHECKPOINT_EVERY;
        private int partitions = TrainingDefaults.PARTITIONS;
        private String storage = TrainingDefaults.STORAGE;
        private String checkpointDir;
        private boolean resume;

        private Builder() {}

        /** classification or regression. */
        public Builder task(String name) {
            try {
                this.task = Task.parse(name);
            } catch (IllegalArgumentException e) {
                throw InvalidOptionException.outOfRange(TASK, "classification or regression", name);
            }
            return this;
        }

        /** Layer sizes n(0), …, n(L) written like {@code 784-256-10}. */
        public Builder layers(String sizes) {
            int[] parsed;
            try {
                parsed = Topology.parseSizes(sizes);
            } catch (IllegalArgumentException e) {
                throw layersError(sizes);
            }
            return layers(parsed, sizes);
        }

        /** Layer sizes n(0), …, n(L). */
        public Builder layers(int... sizes) {
            return layers(sizes, Arrays.toString(sizes));
        }

        private Builder layers(int[] sizes, String given) {
            if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
                throw layersError(given);
            }
            this.layers = sizes.clone();
            return this;
        }

        private static InvalidOptionException layersError(String given) {
            return InvalidOptionException.outOfRange(
                    LAYERS, "two or more positive layer sizes from input to output, such as 784-256-10", given);
        }

        /** The hidden layers' nonlinearity. */
        public Builder activation(String name) {
            Activation h = parse(ACTIVATION, name, HIDDEN);
            if (h == Activation.SOFTMAX) {
                throw InvalidOptionException.outOfRange(ACTIVATION, oneOf(HIDDEN), name);
            }
            this.activation = h;
            return this;
        }

        /** The output layer's nonlinearity. */
        public Builder output(String name) {
            this.output = parse(OUTPUT, name, OUTPUTS);
            return this;
        }

        public Builder loss(String name) {
            try {
                this.loss = Cost.parse(name);
            } catch (IllegalArgumentException e) {
                throw InvalidOptionException.outOfRange(LOSS, "cross-entropy or quadratic", name);
            }
            return this;
        }

        public Builder standardize(boolean value) {
            this.standardize = value;
            return this;
        }

        /** The update rule. */
        public Builder optimizer(String name) {
            this.optimizer = choice(OPTIMIZER, name, RULES);
            return this;
        }

        /** The learning rate μ (the initial one of a decaying schedule). */
        public Builder lr(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw InvalidOptionException.outOfRange(LR, "a positive finite number", value);
            }
            this.lr = value;
            return this;
        }

        /** β of momentum and nesterov. */
        public Builder momentum(double value) {
            if (!(value >= 0 && value < 1)) {
                throw InvalidOptionException.outOfRange(MOMENTUM, "in [0, 1)", value);
            }
            this.momentum = value;
            return this;
        }

        public Builder lrSchedule(String name) {
            this.lrSchedule = choice(LR_SCHEDULE, name, SCHEDULES);
            return this;
        }

        /** γ of the step and exponential schedules. */
        public Builder lrDecay(double value) {
            if (!(value > 0 && value <= 1)) {
                throw InvalidOptionException.outOfRange(LR_DECAY, "in (0, 1]", value);
            }
            this.lrDecay = value;
            return this;
        }

        /** Iterations between the step schedule's decays, or of the cosine's fall; null for the default. */
        public Builder lrStep(Long value) {
            if (value != null && value < 1) {
                throw InvalidOptionException.outOfRange(LR_STEP, "an integer ≥ 1", value);
            }
            this.lrStep = value;
            return this;
        }

        /** The cosine schedule's final rate, in [0, lr]: checked against lr in {@link #build()}. */
        public Builder lrMin(double value) {
            if (!(value >= 0 && Double.isFinite(value))) {
                throw InvalidOptionException.outOfRange(
                        LR_MIN, "a finite number ≥ 0, at most the learning rate", value);
            }
            this.lrMin = value;
            return this;
        }

        /** L2 weight decay λ. */
        public Builder weightDecay(double value) {
            if (!(value >= 0 && Double.isFinite(value))) {
                throw InvalidOptionException.outOfRange(WEIGHT_DECAY, "a finite number ≥ 0", value);
            }
            this.weightDecay = value;
            return this;
        }

        /** The L2 norm the mean gradient is clipped to; null for none. */
        public Builder clipNorm(Double value) {
            if (value != null && !(value > 0 && Double.isFinite(value))) {
                throw InvalidOptionException.outOfRange(CLIP_NORM, "a positive finite number", value);
            }
            this.clipNorm = value;
            return this;
        }

        /** The global minibatch size. */
        public Builder batch(int value) {
            this.batch = (int) atLeast(BATCH, 1, value);
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = (int) atLeast(EPOCHS, 1, value);
            return this;
        }

        /** Stop after this many iterations in all; 0 for no limit. */
        public Builder maxIterations(long value) {
            this.maxIterations = atLeast(MAX_ITERATIONS, 0, value);
            return this;
        }

        /** none (the data's order) or epoch (a new seeded permutation each epoch). */
        public Builder shuffle(String name) {
            try {
                this.shuffle = Shuffle.parse(name);
            } catch (IllegalArgumentException e) {
                throw InvalidOptionException.outOfRange(SHUFFLE, "none or epoch", name);
            }
            return this;
        }

        /** The seed of the initial weights and of the shuffle; every value is valid. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Early stopping after this many epochs without a lower validation loss; 0 for off. */
        public Builder patience(int value) {
            this.patience = (int) atLeast(PATIENCE, 0, value);
            return this;
        }

        public Builder treeDepth(int value) {
            this.treeDepth = (int) atLeast(TREE_DEPTH, 1, value);
            return this;
        }

        /** jobs (a Spark job per iteration) or barrier (a barrier stage per span of iterations). */
        public Builder engine(String name) {
            this.engine = choice(ENGINE, name, ENGINES);
            return this;
        }

        /** float64 or float32: the arithmetic of backpropagation. */
        public Builder precision(String name) {
            this.precision = choice(PRECISION, name, PRECISIONS);
            return this;
        }

        /** float64 or float32: the format of parameters and sums between driver and tasks. */
        public Builder wire(String name) {
            this.wire = choice(WIRE, name, PRECISIONS);
            return this;
        }

        /** Iterations between checkpoints; 0 for one per epoch. */
        public Builder checkpointEvery(long value) {
            this.checkpointEvery = atLeast(CHECKPOINT_EVERY, 0, value);
            return this;
        }

        /** Partitions of the data; 0 for Spark's default parallelism. */
        public Builder partitions(int value) {
            this.partitions = checkPartitions(value);
            return this;
        }

        /** auto, float64, float32, uint8 or sparse: how the cached features are stored. */
        public Builder storage(String name) {
            this.storage = choice(STORAGE, name, STORAGES);
            return this;
        }

        /** Where checkpoints go; null or empty for none. */
        public Builder checkpointDir(String path) {
            this.checkpointDir = path == null || path.isBlank() ? null : path;
            return this;
        }

        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        /** The spec, once the options that must agree do. */
        public TrainingSpec build() {
            if (layers == null) {
                throw InvalidOptionException.missing(LAYERS, "784-256-10");
            }
            boolean regression = task == Task.REGRESSION;
            Cost loss = this.loss != null
                    ? this.loss
                    : Cost.parse(regression ? TrainingDefaults.REGRESSION_LOSS : TrainingDefaults.LOSS);
            Activation output = this.output != null
                    ? this.output
                    : Activation.parse(regression ? TrainingDefaults.REGRESSION_OUTPUT : TrainingDefaults.OUTPUT);
            if (regression && loss != Cost.QUADRATIC) {
                throw InvalidOptionException.outOfRange(LOSS, "quadratic for regression", EnumNames.of(loss));
            }
            if (regression && output == Activation.SOFTMAX) {
                throw InvalidOptionException.outOfRange(
                        OUTPUT, "identity, sigmoid, tanh or relu for regression", EnumNames.of(output));
            }
            if (!loss.supports(output)) {
                throw InvalidOptionException.outOfRange(
                        OUTPUT, "softmax or sigmoid with the cross-entropy loss", EnumNames.of(output));
            }
            if (lrSchedule.equals("cosine") && lrMin > lr) {
                throw InvalidOptionException.outOfRange(LR_MIN, "in [0, " + lr + "], at most the learning rate", lrMin);
            }
            if (standardize && storage.equals("uint8")) {
                throw InvalidOptionException.conflicts(
                        STORAGE, storage, STANDARDIZE, "standardised features are not bytes (use float32 or float64)");
            }
            if (resume && checkpointDir == null) {
                throw InvalidOptionException.needs(RESUME, CHECKPOINT_DIR);
            }
            return new TrainingSpec(this, Topology.of(layers, activation, output, loss));
        }

        private static Activation parse(TrainingOption option, String name, List<String> allowed) {
            try {
                Activation h = Activation.parse(name);
                if (allowed.contains(EnumNames.of(h))) {
                    return h;
                }
            } catch (IllegalArgumentException e) {
                // reported below, with the names this option accepts
            }
            throw InvalidOptionException.outOfRange(option, oneOf(allowed), name);
        }

        private static String choice(TrainingOption option, String name, List<String> allowed) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(key)) {
                throw InvalidOptionException.outOfRange(option, oneOf(allowed), name);
            }
            return key;
        }

        private static String oneOf(List<String> names) {
            return "one of " + String.join(", ", names);
        }

        private static long atLeast(TrainingOption option, long min, long value) {
            if (value < min) {
                throw InvalidOptionException.outOfRange(option, "an integer ≥ " + min, value);
            }
            return value;
        }
    }

    /**
     * {@code partitions} if it is a valid number of partitions of the data (0 for Spark's default parallelism);
     * the commands that read data without training check theirs here too.
     */
    public static int checkPartitions(int partitions) {
        if (partitions < 0) {
            throw InvalidOptionException.outOfRange(
                    PARTITIONS, "an integer ≥ 0 (0: Spark's default parallelism)", partitions);
        }
        return partitions;
    }
}
