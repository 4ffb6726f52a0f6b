package org.sparkmlp.job.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
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
 * A Spark ML estimator for a multilayer perceptron regressor: the network of {@code mlp train --task regression}
 * (identity output, quadratic cost C = ‖y − z(L)‖²), trained by the same distributed minibatch SGD
 * ({@link TrainingRun}). Works in a {@code Pipeline}, with {@code RegressionEvaluator} and under
 * {@code CrossValidator}; saves and loads with {@code write().save(path)} / {@link #load(String)}.
 *
 * <p>Input: a vector {@code featuresCol} and a numeric {@code labelCol}, one real target per row, so the last entry
 * of {@link #layers()} is 1 (several outputs train through {@code mlp train} on a Parquet vector label). With
 * {@link #standardize()} the targets are standardised too and the model's predictions are in the labels' units.
 * Rows are numbered in the DataFrame's partition order, as for {@link MlpClassifier}; with
 * {@link #validationIndicatorCol()} set, rows where it is true are evaluated (RMSE) after every epoch instead.
 *
 * <p>Every option of {@code mlp train} that decides how to train is a Param here, with the same default and check
 * ({@link TrainingParams}), except that the output activation and the loss default to regression's (identity,
 * quadratic); {@link #checkpointDir()} and {@link #resume()} continue an interrupted {@code fit}.
 */
public final class MlpRegressor extends Regressor<Vector, MlpRegressor, MlpRegressionModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final TrainingParams training;
    private final Param<String> validationIndicatorCol;

    public MlpRegressor() {
        this(Identifiable$.MODULE$.randomUID("mlpr"));
    }

    public MlpRegressor(String uid) {
        this(PendingUid.offer(uid), true);
    }

    private MlpRegressor(String uid, boolean offered) {
        this.uid = uid;
        PendingUid.clear();
        training = new TrainingParams(this, Task.REGRESSION);
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

    /** Always regression (an {@link MlpClassifier} learns classification). */
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

    public Param<String> precision() {
        return training.precision;
    }

    public Param<String> wire() {
        return training.wire;
    }

    public Param<String> storage() {
        return training.storage;
    }

    public Param<String> validationIndicatorCol() {
        return validationIndicatorCol;
    }

    public MlpRegressor setLayers(int... value) {
        return assign(training.layers, value);
    }

    public MlpRegressor setActivation(String value) {
        return assign(training.activation, value);
    }

    public MlpRegressor setOutputActivation(String value) {
        return assign(training.outputActivation, value);
    }

    public MlpRegressor setLoss(String value) {
        return assign(training.loss, value);
    }

    public MlpRegressor setStandardize(boolean value) {
        return assign(training.standardize, value);
    }

    public MlpRegressor setOptimizer(String value) {
        return assign(training.optimizer, value);
    }

    public MlpRegressor setLearningRate(double value) {
        return assign(training.learningRate, value);
    }

    public MlpRegressor setMomentum(double value) {
        return assign(training.momentum, value);
    }

    public MlpRegressor setLrSchedule(String value) {
        return assign(training.lrSchedule, value);
    }

    public MlpRegressor setLrDecay(double value) {
        return assign(training.lrDecay, value);
    }

    public MlpRegressor setLrStep(long value) {
        return assign(training.lrStep, value);
    }

    public MlpRegressor setLrMin(double value) {
        return assign(training.lrMin, value);
    }

    public MlpRegressor setWeightDecay(double value) {
        return assign(training.weightDecay, value);
    }

    public MlpRegressor setClipNorm(double value) {
        return assign(training.clipNorm, value);
    }

    public MlpRegressor setBatchSize(int value) {
        return assign(training.batchSize, value);
    }

    public MlpRegressor setEpochs(int value) {
        return assign(training.epochs, value);
    }

    public MlpRegressor setMaxIterations(long value) {
        return assign(training.maxIterations, value);
    }

    public MlpRegressor setShuffle(String value) {
        return assign(training.shuffle, value);
    }

    public MlpRegressor setSeed(long value) {
        return assign(training.seed, value);
    }

    public MlpRegressor setPatience(int value) {
        return assign(training.patience, value);
    }

    public MlpRegressor setTreeDepth(int value) {
        return assign(training.treeDepth, value);
    }

    public MlpRegressor setEngine(String value) {
        return assign(training.engine, value);
    }

    public MlpRegressor setCheckpointDir(String value) {
        return assign(training.checkpointDir, value);
    }

    public MlpRegressor setCheckpointInterval(long value) {
        return assign(training.checkpointInterval, value);
    }

    public MlpRegressor setResume(boolean value) {
        return assign(training.resume, value);
    }

    public MlpRegressor setNumPartitions(int value) {
        return assign(training.numPartitions, value);
    }

    public MlpRegressor setPrecision(String value) {
        return assign(training.precision, value);
    }

    public MlpRegressor setWire(String value) {
        return assign(training.wire, value);
    }

    public MlpRegressor setStorage(String value) {
        return assign(training.storage, value);
    }

    public MlpRegressor setValidationIndicatorCol(String value) {
        return assign(validationIndicatorCol, value);
    }

    private <T> MlpRegressor assign(Param<T> param, T value) {
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
    public MlpRegressionModel train(Dataset<?> dataset) {
        TrainingSpec spec = trainingSpec();
        if (spec.topology().outputSize() != 1) {
            throw new IllegalArgumentException("MlpRegressor predicts one value per row (a numeric label column), so "
                    + "its layers must end in 1, not " + spec.topology().outputSize()
                    + "; several outputs train with mlp train on a Parquet vector label");
        }
        MlpModel network = EstimatorFit.fit(
                spec, dataset, getFeaturesCol(), getLabelCol(), $(validationIndicatorCol), "MlpRegressor " + uid);
        return new MlpRegressionModel(uid, network);
    }

    @Override
    public MlpRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<MlpRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static MlpRegressor load(String path) {
        return read().load(path);
    }
}
