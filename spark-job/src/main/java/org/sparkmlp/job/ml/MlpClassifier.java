package org.sparkmlp.job.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
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
        implements MlpEstimatorParams<MlpClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final TrainingParams training;

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
    public MlpClassificationModel train(Dataset<?> dataset) {
        MlpModel network = EstimatorFit.fit(
                trainingSpec(),
                dataset,
                getFeaturesCol(),
                getLabelCol(),
                $(training.validationIndicatorCol),
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
}
