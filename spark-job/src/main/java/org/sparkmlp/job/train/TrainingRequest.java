package org.sparkmlp.job.train;

import java.io.IOException;
import org.apache.spark.api.java.JavaRDD;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.model.Checkpoint;

/**
 * What one {@link SparkTrainer#train} call trains: the parameters to start from (updated in place), the optimizer,
 * the training rows and, optionally, validation rows, a checkpoint to resume from, where checkpoints go and who
 * listens. Start with {@link #of} and add the optional parts with the {@code with…} methods.
 *
 * @param w           the initial parameters, updated in place (overwritten by {@code resumeFrom} if given)
 * @param train       the training rows, numbered 0 … rows − 1 across its blocks
 * @param validation  evaluated after every epoch, or null
 * @param targetScaling for regression, how the targets of the rows were standardised ({@code none()} if not), so
 *                    that validation errors are measured in the targets' units; null for classification
 * @param resumeFrom  a checkpoint of the same configuration to continue from, or null
 * @param checkpoints receives a checkpoint every {@link TrainingLimits#checkpointEvery()} iterations, or null
 * @param listener    told about every epoch and iteration
 * @param storage     how the training blocks store their features (a resume setting when it rounds them)
 */
public record TrainingRequest(
        double[] w,
        Optimizer optimizer,
        JavaRDD<LabeledBlock> train,
        long rows,
        JavaRDD<LabeledBlock> validation,
        FeatureScaling targetScaling,
        Checkpoint resumeFrom,
        CheckpointSink checkpoints,
        TrainingListener listener,
        FeatureStorage storage) {
    /** Where checkpoints go. */
    @FunctionalInterface
    public interface CheckpointSink {
        void save(Checkpoint checkpoint) throws IOException;
    }

    private static final TrainingListener SILENT = (EpochResult result, Evaluation validation) -> {};

    /** Training without validation, checkpoints, resume or listener. */
    public static TrainingRequest of(double[] w, Optimizer optimizer, JavaRDD<LabeledBlock> train, long rows) {
        return new TrainingRequest(w, optimizer, train, rows, null, null, null, null, SILENT, FeatureStorage.FLOAT64);
    }

    public TrainingRequest withValidation(JavaRDD<LabeledBlock> blocks) {
        return new TrainingRequest(
                w, optimizer, train, rows, blocks, targetScaling, resumeFrom, checkpoints, listener, storage);
    }

    /** Regression: the rows' real targets were standardised by {@code scaling} ({@code none()} if not). */
    public TrainingRequest regression(FeatureScaling scaling) {
        return new TrainingRequest(
                w, optimizer, train, rows, validation, scaling, resumeFrom, checkpoints, listener, storage);
    }

    public TrainingRequest resumingFrom(Checkpoint checkpoint) {
        return new TrainingRequest(
                w, optimizer, train, rows, validation, targetScaling, checkpoint, checkpoints, listener, storage);
    }

    public TrainingRequest withCheckpoints(CheckpointSink sink) {
        return new TrainingRequest(
                w, optimizer, train, rows, validation, targetScaling, resumeFrom, sink, listener, storage);
    }

    public TrainingRequest withStorage(FeatureStorage kind) {
        return new TrainingRequest(
                w, optimizer, train, rows, validation, targetScaling, resumeFrom, checkpoints, listener, kind);
    }

    public TrainingRequest withListener(TrainingListener to) {
        return new TrainingRequest(
                w, optimizer, train, rows, validation, targetScaling, resumeFrom, checkpoints, to, storage);
    }
}
