package org.sparkmlp.job.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.train.TrainingRun;
import org.sparkmlp.job.train.TrainingSpec;

/**
 * A Spark ML estimator for a multilayer perceptron classifier, trained by the same distributed minibatch SGD as
 * {@code mlp train} ({@link TrainingRun}). Works in a {@code Pipeline} and under {@code CrossValidator}; saves and
 * loads with {@code write().save(path)} / {@link #load(String)}.
 *
 * <p>Input: a vector {@code featuresCol} and a numeric {@code labelCol} holding class indices 0 … K − 1, where K is
 * the last entry of {@link #layers()} and the first is the number of features. Rows are numbered in the
 * DataFrame's partition order, which fixes the minibatches; the data is read twice while it is packed, so a
 * non-deterministic input (e.g. unseeded sampling) should be cached first. With {@link #validationIndicatorCol()}
 * set, rows where it is true are not trained on but evaluated after every epoch.
 *
 * <p>Every option of {@code mlp train} that decides how to train is a Param here, with the same default and check
 * ({@link TrainingParams}, read as a {@link TrainingSpec}); with {@link #checkpointDir()} and {@link #resume()} an
 * interrupted {@code fit} continues from its newest checkpoint to the weights of an uninterrupted one.
 */
public final class MlpClassifier extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final TrainingParams training;
    private final Param<String> validationIndicatorCol;

    public MlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("mlpc"));
    }

    public MlpClassifier(String uid) {
        this(PendingUid.offer(uid), true);
    }

    private MlpClassifier(String uid, boolean offered) {
        this.uid = uid;
        PendingUid.clear();
        training = new TrainingParams(this, Task.CLASSIFICATION);
        validationIndicatorCol = new Param<>(
                this,
                "validationIndicatorCol",
                "boolean column: true marks "
                        + "validation rows, evaluated after every epoch instead of trained on; empty: none");
        setDefault(validationIndicatorCol, "");
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.get();
        }
        return uid;
    }

    /** Always classification (an {@link MlpRegressor} learns regression). */
    public Param<String> task() {
        return training.task;
    }

    public IntArrayParam layers() {
        return training.layers;
    }

    public Param<String> activation() {
        return training.activation;
    }

    public Param<String> outputActivation() {
        return training.outputActivation;
    }

    public Param<String> loss() {
        return training.loss;
    }

    public BooleanParam standardize() {
        return training.standardize;
    }

    public Param<String> optimizer() {
        return training.optimizer;
    }

    public DoubleParam learningRate() {
        return training.learningRate;
    }

    public DoubleParam momentum() {
        return training.momentum;
    }

    public Param<String> lrSchedule() {
        return training.lrSchedule;
    }

    public DoubleParam lrDecay() {
        return training.lrDecay;
    }

    public LongParam lrStep() {
        return training.lrStep;
    }

    public DoubleParam lrMin() {
        return training.lrMin;
    }

    public DoubleParam weightDecay() {
        return training.weightDecay;
    }

    public DoubleParam clipNorm() {
        return training.clipNorm;
    }

    public IntParam batchSize() {
        return training.batchSize;
    }

    public IntParam epochs() {
        return training.epochs;
    }

    public LongParam maxIterations() {
        return training.maxIterations;
    }

    public Param<String> shuffle() {
        return training.shuffle;
    }

    public LongParam seed() {
        return training.seed;
    }

    public IntParam patience() {
        return training.patience;
    }

    public IntParam treeDepth() {
        return training.treeDepth;
    }

    public Param<String> engine() {
        return training.engine;
    }

    public Param<String> precision() {
        return training.precision;
    }

    public Param<String> wire() {
        return training.wire;
    }

    public Param<String> checkpointDir() {
        return training.checkpointDir;
    }

    public LongParam checkpointInterval() {
        return training.checkpointInterval;
    }

    public BooleanParam resume() {
        return training.resume;
    }

    public IntParam numPartitions() {
        return training.numPartitions;
    }

    public Param<String> storage() {
        return training.storage;
    }

    public Param<String> validationIndicatorCol() {
        return validationIndicatorCol;
    }

    public MlpClassifier setLayers(int... value) {
        return assign(training.layers, value);
    }

    public MlpClassifier setActivation(String value) {
        return assign(training.activation, value);
    }

    public MlpClassifier setOutputActivation(String value) {
        return assign(training.outputActivation, value);
    }

    public MlpClassifier setLoss(String value) {
        return assign(training.loss, value);
    }

    public MlpClassifier setStandardize(boolean value) {
        return assign(training.standardize, value);
    }

    public MlpClassifier setOptimizer(String value) {
        return assign(training.optimizer, value);
    }

    public MlpClassifier setLearningRate(double value) {
        return assign(training.learningRate, value);
    }

    public MlpClassifier setMomentum(double value) {
        return assign(training.momentum, value);
    }

    public MlpClassifier setLrSchedule(String value) {
        return assign(training.lrSchedule, value);
    }

    public MlpClassifier setLrDecay(double value) {
        return assign(training.lrDecay, value);
    }

    public MlpClassifier setLrStep(long value) {
        return assign(training.lrStep, value);
    }

    public MlpClassifier setLrMin(double value) {
        return assign(training.lrMin, value);
    }

    public MlpClassifier setWeightDecay(double value) {
        return assign(training.weightDecay, value);
    }

    public MlpClassifier setClipNorm(double value) {
        return assign(training.clipNorm, value);
    }

    public MlpClassifier setBatchSize(int value) {
        return assign(training.batchSize, value);
    }

    public MlpClassifier setEpochs(int value) {
        return assign(training.epochs, value);
    }

    public MlpClassifier setMaxIterations(long value) {
        return assign(training.maxIterations, value);
    }

    public MlpClassifier setShuffle(String value) {
        return assign(training.shuffle, value);
    }

    public MlpClassifier setSeed(long value) {
        return assign(training.seed, value);
    }

    public MlpClassifier setPatience(int value) {
        return assign(training.patience, value);
    }

    public MlpClassifier setTreeDepth(int value) {
        return assign(training.treeDepth, value);
    }

    public MlpClassifier setEngine(String value) {
        return assign(training.engine, value);
    }

    public MlpClassifier setPrecision(String value) {
        return assign(training.precision, value);
    }

    public MlpClassifier setWire(String value) {
        return assign(training.wire, value);
    }

    public MlpClassifier setCheckpointDir(String value) {
        return assign(training.checkpointDir, value);
    }

    public MlpClassifier setCheckpointInterval(long value) {
        return assign(training.checkpointInterval, value);
    }

    public MlpClassifier setResume(boolean value) {
        return assign(training.resume, value);
    }

    public MlpClassifier setNumPartitions(int value) {
        return assign(training.numPartitions, value);
    }

    public MlpClassifier setStorage(String value) {
        return assign(training.storage, value);
    }

    public MlpClassifier setValidationIndicatorCol(String value) {
        return assign(validationIndicatorCol, value);
    }

    private <T> MlpClassifier assign(Param<T> param, T value) {
        set(param, value);
        return this;
    }

    /**
     * The training run the Params describe.
     *
     * @throws IllegalArgumentException naming the Param that is missing (the layers) or that does not combine
     */
    public TrainingSpec trainingSpec() {
        return training.spec(this);
    }

    @Override
    public MlpClassificationModel train(Dataset<?> dataset) {
        MlpModel network = EstimatorFit.fit(
                trainingSpec(),
                dataset,
                getFeaturesCol(),
                getLabelCol(),
                $(validationIndicatorCol),
                "MlpClassifier " + uid);
        return new MlpClassificationModel(uid, network);
    }

    @Override
    public MlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<MlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static MlpClassifier load(String path) {
        return read().load(path);
    }

    /** One log line per epoch, as Spark's own estimators log. */
}
