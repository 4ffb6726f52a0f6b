package org.sparkmlp.job.model;

import java.util.Arrays;
import java.util.Objects;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;

/**
 * How one epoch of training went, as {@code metrics.jsonl} and checkpoints record it ({@link MetricsJson} writes
 * and reads it).
 *
 * @param epoch              1-based
 * @param iteration          iterations completed at the end of the epoch, counted across epochs
 * @param trainLoss          the mean training cost over the epoch's minibatches
 * @param validationLoss     the mean cost on the validation set after the epoch; NaN without one
 * @param validationAccuracy the accuracy on the validation set after the epoch; NaN without one and for regression
 * @param validationRmse     the root mean squared error on the validation set after the epoch, in the targets'
 *                           units; NaN without one and for classification
 * @param samplesPerSecond   the epoch's training throughput
 * @param epochSeconds       the epoch's training wall time (evaluation excluded)
 * @param elapsedSeconds     training time since the run began, carried across resumes
 * @param confusion          the validation confusion matrix, rows = true class, columns = predicted class; null
 *                           without a validation set
 */
public record EpochMetrics(
        int epoch,
        long iteration,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double validationRmse,
        double samplesPerSecond,
        double epochSeconds,
        double elapsedSeconds,
        long[][] confusion) {

    /** The metrics of an epoch of classification (no RMSE). */
    public EpochMetrics(
            int epoch,
            long iteration,
            double trainLoss,
            double validationLoss,
            double validationAccuracy,
            double samplesPerSecond,
            double epochSeconds,
            double elapsedSeconds,
            long[][] confusion) {
        this(
                epoch,
                iteration,
                trainLoss,
                validationLoss,
                validationAccuracy,
                Double.NaN,
                samplesPerSecond,
                epochSeconds,
                elapsedSeconds,
                confusion);
    }

    /**
     * The metrics of an epoch that ended {@code elapsedSeconds} into training; {@code validation} is the
     * classification's evaluation, null without a validation set and for regression (whose RMSE the result holds).
     */
    public static EpochMetrics of(EpochResult result, Evaluation validation, double elapsedSeconds) {
        return new EpochMetrics(
                result.epoch(),
                result.iterations(),
                result.trainLoss(),
                result.evalLoss(),
                result.evalAccuracy(),
                result.evalRmse(),
                result.samplesPerSecond(),
                result.seconds(),
                elapsedSeconds,
                validation == null ? null : validation.confusionMatrix());
    }

    /** Whether the epoch was evaluated on a validation set. */
    public boolean validated() {
        return !Double.isNaN(validationLoss);
    }

    /** Equal fields, the confusion matrices by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EpochMetrics m
                && epoch == m.epoch
                && iteration == m.iteration
                && Double.compare(trainLoss, m.trainLoss) == 0
                && Double.compare(validationLoss, m.validationLoss) == 0
                && Double.compare(validationAccuracy, m.validationAccuracy) == 0
                && Double.compare(validationRmse, m.validationRmse) == 0
                && Double.compare(samplesPerSecond, m.samplesPerSecond) == 0
                && Double.compare(epochSeconds, m.epochSeconds) == 0
                && Double.compare(elapsedSeconds, m.elapsedSeconds) == 0
                && Arrays.deepEquals(confusion, m.confusion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                epoch,
                iteration,
                trainLoss,
                validationLoss,
                validationAccuracy,
                validationRmse,
                samplesPerSecond,
                epochSeconds,
                elapsedSeconds,
                Arrays.deepHashCode(confusion));
    }

    @Override
    public String toString() {
        return "EpochMetrics[epoch=" + epoch + ", iteration=" + iteration + ", trainLoss=" + trainLoss
                + ", validationLoss=" + validationLoss + ", validationAccuracy=" + validationAccuracy
                + ", validationRmse=" + validationRmse
                + ", samplesPerSecond=" + samplesPerSecond + ", epochSeconds=" + epochSeconds + ", elapsedSeconds="
                + elapsedSeconds + ", confusion=" + Arrays.deepToString(confusion) + "]";
    }
}
