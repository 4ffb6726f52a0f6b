package org.sparkmlp.job.ml;

import org.apache.spark.ml.linalg.Vector;
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
        implements MlpEstimatorParams<MlpRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final TrainingParams training;

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
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.get();
        }
        return uid;
    }

    @Override
    public TrainingParams trainingParams() {
        return training;
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
                spec,
                dataset,
                getFeaturesCol(),
                getLabelCol(),
                $(training.validationIndicatorCol),
                "MlpRegressor " + uid);
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
