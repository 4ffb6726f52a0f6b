package org.sparkmlp.job.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.sparkmlp.job.train.TrainingSpec;

/**
 * The Params of the estimators {@link MlpClassifier} and {@link MlpRegressor}: an accessor for each, as Spark ML
 * finds Params by them, and a setter that returns the estimator {@code E}, so that setters chain. Spark gives the
 * two estimators different base classes, so they share these methods through this interface; the Params
 * themselves, their defaults and checks are {@link TrainingParams}.
 *
 * @param <E> the estimator
 */
public sealed interface MlpEstimatorParams<E extends MlpEstimatorParams<E>> extends Params
        permits MlpClassifier, MlpRegressor {
    /** The Params' owner inside the estimator (package-private: the methods of this interface use it). */
    TrainingParams trainingParams();

    /**
     * The training run the Params describe.
     *
     * @throws IllegalArgumentException naming the Param that is missing (the layers) or that does not combine
     */
    default TrainingSpec trainingSpec() {
        return trainingParams().spec(this);
    }

    /** The estimator's own task: classification for {@link MlpClassifier}, regression for {@link MlpRegressor}. */
    default Param<String> task() {
        return trainingParams().task;
    }

    default IntArrayParam layers() {
        return trainingParams().layers;
    }

    default Param<String> activation() {
        return trainingParams().activation;
    }

    default Param<String> outputActivation() {
        return trainingParams().outputActivation;
    }

    default Param<String> loss() {
        return trainingParams().loss;
    }

    default BooleanParam standardize() {
        return trainingParams().standardize;
    }

    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    default DoubleParam learningRate() {
        return trainingParams().learningRate;
    }

    default DoubleParam momentum() {
        return trainingParams().momentum;
    }

    default Param<String> lrSchedule() {
        return trainingParams().lrSchedule;
    }

    default DoubleParam lrDecay() {
        return trainingParams().lrDecay;
    }

    default LongParam lrStep() {
        return trainingParams().lrStep;
    }

    default DoubleParam lrMin() {
        return trainingParams().lrMin;
    }

    default DoubleParam weightDecay() {
        return trainingParams().weightDecay;
    }

    default DoubleParam clipNorm() {
        return trainingParams().clipNorm;
    }

    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    default IntParam epochs() {
        return trainingParams().epochs;
    }

    default LongParam maxIterations() {
        return trainingParams().maxIterations;
    }

    default Param<String> shuffle() {
        return trainingParams().shuffle;
    }

    default LongParam seed() {
        return trainingParams().seed;
    }

    default IntParam patience() {
        return trainingParams().patience;
    }

    default IntParam treeDepth() {
        return trainingParams().treeDepth;
    }

    default Param<String> engine() {
        return trainingParams().engine;
    }

    default Param<String> precision() {
        return trainingParams().precision;
    }

    default Param<String> wire() {
        return trainingParams().wire;
    }

    default Param<String> checkpointDir() {
        return trainingParams().checkpointDir;
    }

    default LongParam checkpointInterval() {
        return trainingParams().checkpointInterval;
    }

    default BooleanParam resume() {
        return trainingParams().resume;
    }

    default IntParam numPartitions() {
        return trainingParams().numPartitions;
    }

    default Param<String> storage() {
        return trainingParams().storage;
    }

    default Param<String> validationIndicatorCol() {
        return trainingParams().validationIndicatorCol;
    }

    default E setLayers(int... value) {
        return assign(trainingParams().layers, value);
    }

    default E setActivation(String value) {
        return assign(trainingParams().activation, value);
    }

    default E setOutputActivation(String value) {
        return assign(trainingParams().outputActivation, value);
    }

    default E setLoss(String value) {
        return assign(trainingParams().loss, value);
    }

    default E setStandardize(boolean value) {
        return assign(trainingParams().standardize, value);
    }

    default E setOptimizer(String value) {
        return assign(trainingParams().optimizer, value);
    }

    default E setLearningRate(double value) {
        return assign(trainingParams().learningRate, value);
    }

    default E setMomentum(double value) {
        return assign(trainingParams().momentum, value);
    }

    default E setLrSchedule(String value) {
        return assign(trainingParams().lrSchedule, value);
    }

    default E setLrDecay(double value) {
        return assign(trainingParams().lrDecay, value);
    }

    default E setLrStep(long value) {
        return assign(trainingParams().lrStep, value);
    }

    default E setLrMin(double value) {
        return assign(trainingParams().lrMin, value);
    }

    default E setWeightDecay(double value) {
        return assign(trainingParams().weightDecay, value);
    }

    default E setClipNorm(double value) {
        return assign(trainingParams().clipNorm, value);
    }

    default E setBatchSize(int value) {
        return assign(trainingParams().batchSize, value);
    }

    default E setEpochs(int value) {
        return assign(trainingParams().epochs, value);
    }

    default E setMaxIterations(long value) {
        return assign(trainingParams().maxIterations, value);
    }

    default E setShuffle(String value) {
        return assign(trainingParams().shuffle, value);
    }

    default E setSeed(long value) {
        return assign(trainingParams().seed, value);
    }

    default E setPatience(int value) {
        return assign(trainingParams().patience, value);
    }

    default E setTreeDepth(int value) {
        return assign(trainingParams().treeDepth, value);
    }

    default E setEngine(String value) {
        return assign(trainingParams().engine, value);
    }

    default E setPrecision(String value) {
        return assign(trainingParams().precision, value);
    }

    default E setWire(String value) {
        return assign(trainingParams().wire, value);
    }

    default E setCheckpointDir(String value) {
        return assign(trainingParams().checkpointDir, value);
    }

    default E setCheckpointInterval(long value) {
        return assign(trainingParams().checkpointInterval, value);
    }

    default E setResume(boolean value) {
        return assign(trainingParams().resume, value);
    }

    default E setNumPartitions(int value) {
        return assign(trainingParams().numPartitions, value);
    }

    default E setStorage(String value) {
        return assign(trainingParams().storage, value);
    }

    default E setValidationIndicatorCol(String value) {
        return assign(trainingParams().validationIndicatorCol, value);
    }

    private <T> E assign(Param<T> param, T value) {
        set(param, value);
        @SuppressWarnings("unchecked")
        E estimator = (E) this;
        return estimator;
    }
}
