package org.sparkmlp.job.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingOption;
import org.sparkmlp.job.train.TrainingSpec;
import scala.runtime.AbstractFunction1;

/**
 * The Params of every {@link TrainingOption} for an estimator: named as {@link TrainingOption#paramName()}, with
 * {@code mlp train}'s defaults ({@link TrainingDefaults}), each value checked when it is set by the same
 * {@link TrainingSpec.Builder} method that checks the command line's option, and read back as a
 * {@link TrainingSpec}; and {@link #validationIndicatorCol}, the estimators' counterpart of the command line's
 * {@code --test}. An estimator exposes each through a public accessor ({@link MlpEstimatorParams}), as Spark ML
 * finds Params by them.
 */
final class TrainingParams implements Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> task;
    final IntArrayParam layers;
    final Param<String> activation;
    final Param<String> outputActivation;
    final Param<String> loss;
    final BooleanParam standardize;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final DoubleParam momentum;
    final Param<String> lrSchedule;
    final DoubleParam lrDecay;
    final LongParam lrStep;
    final DoubleParam lrMin;
    final DoubleParam weightDecay;
    final DoubleParam clipNorm;
    final IntParam batchSize;
    final IntParam epochs;
    final LongParam maxIterations;
    final Param<String> shuffle;
    final LongParam seed;
    final IntParam patience;
    final IntParam treeDepth;
    final Param<String> engine;
    final Param<String> precision;
    final Param<String> wire;
    final Param<String> checkpointDir;
    final LongParam checkpointInterval;
    final BooleanParam resume;
    final IntParam numPartitions;
    final Param<String> storage;
    /** Not a training option: the rows of the input that validate instead of training. */
    final Param<String> validationIndicatorCol;

    /**
     * Creates the Params of {@code owner}, an estimator of {@code kind}, and sets their defaults on it: the command
     * line's, except that a regressor's output activation and loss default to regression's.
     */
    TrainingParams(Params owner, Task kind) {
        task = new Param<>(
                owner,
                name(TrainingOption.TASK),
                "what the estimator learns: " + EnumNames.of(kind) + " (the estimator's own task; "
                        + (kind == Task.REGRESSION ? "MlpClassifier" : "MlpRegressor") + " learns the other)",
                new OwnTask(kind));
        layers = new IntArrayParam(
                owner,
                name(TrainingOption.LAYERS),
                "layer sizes from input to output, at least two, each ≥ 1, e.g. [784, 256, 128, 10]",
                check((TrainingSpec.Builder b, int[] v) -> b.layers(v)));
        activation = new Param<>(
                owner,
                name(TrainingOption.ACTIVATION),
                "hidden layers' activation: sigmoid, tanh, relu or identity",
                check(TrainingSpec.Builder::activation));
        outputActivation = new Param<>(
                owner,
                name(TrainingOption.OUTPUT),
                "output layer's activation: softmax or "
                        + "sigmoid; with the quadratic loss also tanh, relu or identity",
                check(TrainingSpec.Builder::output));
        loss = new Param<>(
                owner,
                name(TrainingOption.LOSS),
                "cost function: cross-entropy or quadratic",
                check(TrainingSpec.Builder::loss));
        standardize = new BooleanParam(
                owner,
                name(TrainingOption.STANDARDIZE),
                "standardise features with the training data's mean and standard deviation (stored in the model)");
        optimizer = new Param<>(
                owner,
                name(TrainingOption.OPTIMIZER),
                "update rule: sgd, momentum, nesterov, adam or lazy-adam",
                check(TrainingSpec.Builder::optimizer));
        learningRate = new DoubleParam(
                owner,
                name(TrainingOption.LR),
                "learning rate μ, positive and finite (the initial rate of a decaying schedule)",
                check((TrainingSpec.Builder b, Double v) -> b.lr(v)));
        momentum = new DoubleParam(
                owner,
                name(TrainingOption.MOMENTUM),
                "β of momentum and nesterov, in [0, 1)",
                check((TrainingSpec.Builder b, Double v) -> b.momentum(v)));
        lrSchedule = new Param<>(
                owner,
                name(TrainingOption.LR_SCHEDULE),
                "learning-rate schedule: constant, step, exponential or cosine",
                check(TrainingSpec.Builder::lrSchedule));
        lrDecay = new DoubleParam(
                owner,
                name(TrainingOption.LR_DECAY),
                "γ of the step and exponential schedules, in (0, 1]",
                check((TrainingSpec.Builder b, Double v) -> b.lrDecay(v)));
        lrStep = new LongParam(
                owner,
                name(TrainingOption.LR_STEP),
                "iterations (≥ 1) between decays of the step "
                        + "schedule (unset: " + TrainingDefaults.LR_STEP
                        + "), or over which the cosine schedule falls to "
                        + "lrMin (unset: all epochs)",
                check((TrainingSpec.Builder b, Long v) -> b.lrStep(v)));
        lrMin = new DoubleParam(
                owner,
                name(TrainingOption.LR_MIN),
                "final rate of the cosine schedule, in [0, learningRate]",
                check((TrainingSpec.Builder b, Double v) -> b.lrMin(v)));
        weightDecay = new DoubleParam(
                owner,
                name(TrainingOption.WEIGHT_DECAY),
                "L2 weight decay λ ≥ 0 (0: none)",
                check((TrainingSpec.Builder b, Double v) -> b.weightDecay(v)));
        clipNorm = new DoubleParam(
                owner,
                name(TrainingOption.CLIP_NORM),
                "clip the mean gradient to this positive L2 norm (unset: no clipping)",
                check((TrainingSpec.Builder b, Double v) -> b.clipNorm(v)));
        batchSize = new IntParam(
                owner,
                name(TrainingOption.BATCH),
                "global minibatch size (≥ 1)",
                check((TrainingSpec.Builder b, Integer v) -> b.batch(v)));
        epochs = new IntParam(
                owner,
                name(TrainingOption.EPOCHS),
                "passes over the training data (≥ 1)",
                check((TrainingSpec.Builder b, Integer v) -> b.epochs(v)));
        maxIterations = new LongParam(
                owner,
                name(TrainingOption.MAX_ITERATIONS),
                "stop after this many iterations (≥ 0; 0: no limit)",
                check((TrainingSpec.Builder b, Long v) -> b.maxIterations(v)));
        shuffle = new Param<>(
                owner,
                name(TrainingOption.SHUFFLE),
                "minibatch order: none (sequential) or epoch (a new seeded permutation each epoch)",
                check(TrainingSpec.Builder::shuffle));
        seed = new LongParam(owner, name(TrainingOption.SEED), "seed of the initial weights and of the shuffle");
        patience = new IntParam(
                owner,
                name(TrainingOption.PATIENCE),
                "early stopping: epochs without a lower "
                        + "validation loss (≥ 0; 0: off); needs validationIndicatorCol",
                check((TrainingSpec.Builder b, Integer v) -> b.patience(v)));
        treeDepth = new IntParam(
                owner,
                name(TrainingOption.TREE_DEPTH),
                "depth of the gradient tree reduction (≥ 1; 1: the driver adds the task results)",
                check((TrainingSpec.Builder b, Integer v) -> b.treeDepth(v)));
        engine = new Param<>(
                owner,
                name(TrainingOption.ENGINE),
                "how iterations run: jobs (a Spark job each) or "
                        + "barrier (a barrier stage per epoch); the same weights either way",
                check(TrainingSpec.Builder::engine));
        precision = new Param<>(
                owner,
                name(TrainingOption.PRECISION),
                "arithmetic of backpropagation: float64 or float32 (sgemm; FP32 on the wire too; FP64 master weights)",
                check(TrainingSpec.Builder::precision));
        wire = new Param<>(
                owner,
                name(TrainingOption.WIRE),
                "format of weights and gradient sums between driver and tasks: float64 or float32 (half the bytes)",
                check(TrainingSpec.Builder::wire));
        checkpointDir = new Param<>(
                owner,
                name(TrainingOption.CHECKPOINT_DIR),
                "directory for training checkpoints (any Hadoop path); empty: none");
        checkpointInterval = new LongParam(
                owner,
                name(TrainingOption.CHECKPOINT_EVERY),
                "iterations between checkpoints (≥ 0; 0: one per epoch)",
                check((TrainingSpec.Builder b, Long v) -> b.checkpointEvery(v)));
        resume = new BooleanParam(
                owner,
                name(TrainingOption.RESUME),
                "continue from the newest checkpoint in "
                        + "checkpointDir, if any, to the weights of an uninterrupted fit");
        numPartitions = new IntParam(
                owner,
                name(TrainingOption.PARTITIONS),
                "partitions of the packed training data (≥ 0; 0: Spark's default parallelism)",
                check((TrainingSpec.Builder b, Integer v) -> b.partitions(v)));
        storage = new Param<>(
                owner,
                name(TrainingOption.STORAGE),
                "how the cached features are stored: auto (sparse for SparseVectors storing under 10% of the "
                        + "features, else float64, or float32 with precision float32), float64, float32 (rounded "
                        + "once), uint8 (only values k/255) or sparse (CSR rows)",
                check(TrainingSpec.Builder::storage));
        validationIndicatorCol = new Param<>(
                owner,
                "validationIndicatorCol",
                "boolean column: true marks "
                        + "validation rows, evaluated after every epoch instead of trained on; empty: none");

        boolean regression = kind == Task.REGRESSION;
        owner.setDefault(task, EnumNames.of(kind));
        owner.setDefault(activation, TrainingDefaults.ACTIVATION);
        owner.setDefault(outputActivation, regression ? TrainingDefaults.REGRESSION_OUTPUT : TrainingDefaults.OUTPUT);
        owner.setDefault(loss, regression ? TrainingDefaults.REGRESSION_LOSS : TrainingDefaults.LOSS);
        owner.setDefault(standardize, false);
        owner.setDefault(optimizer, TrainingDefaults.OPTIMIZER);
        owner.setDefault(learningRate, TrainingDefaults.LR);
        owner.setDefault(momentum, TrainingDefaults.MOMENTUM);
        owner.setDefault(lrSchedule, TrainingDefaults.LR_SCHEDULE);
        owner.setDefault(lrDecay, TrainingDefaults.LR_DECAY);
        owner.setDefault(lrMin, TrainingDefaults.LR_MIN);
        owner.setDefault(weightDecay, TrainingDefaults.WEIGHT_DECAY);
        owner.setDefault(batchSize, TrainingDefaults.BATCH);
        owner.setDefault(epochs, TrainingDefaults.EPOCHS);
        owner.setDefault(maxIterations, TrainingDefaults.MAX_ITERATIONS);
        owner.setDefault(shuffle, TrainingDefaults.SHUFFLE);
        owner.setDefault(seed, TrainingDefaults.SEED);
        owner.setDefault(patience, TrainingDefaults.PATIENCE);
        owner.setDefault(treeDepth, TrainingDefaults.TREE_DEPTH);
        owner.setDefault(engine, TrainingDefaults.ENGINE);
        owner.setDefault(precision, TrainingDefaults.PRECISION);
        owner.setDefault(wire, TrainingDefaults.WIRE);
        owner.setDefault(checkpointDir, "");
        owner.setDefault(checkpointInterval, TrainingDefaults.CHECKPOINT_EVERY);
        owner.setDefault(resume, false);
        owner.setDefault(numPartitions, TrainingDefaults.PARTITIONS);
        owner.setDefault(storage, TrainingDefaults.STORAGE);
        owner.setDefault(validationIndicatorCol, "");
    }

    /**
     * The spec of {@code owner}'s values.
     *
     * @throws org.sparkmlp.job.train.InvalidOptionException naming the Params that do not combine, or the layers
     *                                                       if they are not set
     */
    TrainingSpec spec(Params owner) {
        TrainingSpec.Builder spec = TrainingSpec.builder().task(owner.getOrDefault(task));
        if (owner.isDefined(layers)) {
            spec.layers(owner.getOrDefault(layers));
        }
        return spec.activation(owner.getOrDefault(activation))
                .output(owner.getOrDefault(outputActivation))
                .loss(owner.getOrDefault(loss))
                .standardize(value(owner, standardize))
                .optimizer(owner.getOrDefault(optimizer))
                .lr(value(owner, learningRate))
                .momentum(value(owner, momentum))
                .lrSchedule(owner.getOrDefault(lrSchedule))
                .lrDecay(value(owner, lrDecay))
                .lrStep(owner.isDefined(lrStep) ? value(owner, lrStep) : null)
                .lrMin(value(owner, lrMin))
                .weightDecay(value(owner, weightDecay))
                .clipNorm(owner.isDefined(clipNorm) ? value(owner, clipNorm) : null)
                .batch(value(owner, batchSize))
                .epochs(value(owner, epochs))
                .maxIterations(value(owner, maxIterations))
                .shuffle(owner.getOrDefault(shuffle))
                .seed(value(owner, seed))
                .patience(value(owner, patience))
                .treeDepth(value(owner, treeDepth))
                .engine(owner.getOrDefault(engine))
                .precision(owner.getOrDefault(precision))
                .wire(owner.getOrDefault(wire))
                .checkpointDir(owner.getOrDefault(checkpointDir))
                .checkpointEvery(value(owner, checkpointInterval))
                .resume(value(owner, resume))
                .partitions(value(owner, numPartitions))
                .storage(owner.getOrDefault(storage))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Params owner, Param<?> param) {
        return (T) owner.getOrDefault(param);
    }

    private static String name(TrainingOption option) {
        return option.paramName();
    }

    /** Sets one option on a builder, which checks it. */
    @FunctionalInterface
    interface Setter<T> extends Serializable {
        void set(TrainingSpec.Builder builder, T value);
    }

    /** Spark's validator of a Param: the builder's check of its option, which throws with the Param's name. */
    private static <T, R> AbstractFunction1<R, Object> check(Setter<T> setter) {
        return new Check<>(setter);
    }

    /** The task Param's validator: the estimator's own task, as the command line spells it. */
    private static final class OwnTask extends AbstractFunction1<String, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Task kind;

        OwnTask(Task kind) {
            this.kind = kind;
        }

        @Override
        public Object apply(String value) {
            TrainingSpec.builder().task(value);
            if (Task.parse(value) != kind) {
                throw new IllegalArgumentException("task " + value + " is not this estimator's; "
                        + (kind == Task.REGRESSION ? "MlpClassifier" : "MlpRegressor") + " learns it");
            }
            return Boolean.TRUE;
        }
    }

    private static final class Check<T, R> extends AbstractFunction1<R, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Setter<T> setter;

        Check(Setter<T> setter) {
            this.setter = setter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object apply(R value) {
            setter.set(TrainingSpec.builder(), (T) value);
            return Boolean.TRUE;
        }
    }
}
