package org.sparkmlp.core.train;

import java.util.Locale;

/**
 * What one epoch did. {@code trainLoss} is the mean cost of the epoch's minibatches, each measured just
 * before its update; the evaluation fields are NaN when no evaluation set was given, the accuracy also for
 * regression and the RMSE for classification.
 *
 * @param epoch             1-based epoch number
 * @param iterations        iterations (updates) done since training began, this epoch included
 * @param trainLoss         mean training cost per example over the epoch
 * @param evalLoss          mean cost per example on the evaluation set after the epoch
 * @param evalAccuracy      accuracy on the evaluation set after the epoch
 * @param evalRmse          root mean squared error on the evaluation set after the epoch, in the targets' units
 * @param seconds           wall time of the epoch's training, evaluation excluded
 * @param samplesPerSecond  training examples processed per second of {@code seconds}
 */
public record EpochResult(
        int epoch,
        long iterations,
        double trainLoss,
        double evalLoss,
        double evalAccuracy,
        double evalRmse,
        double seconds,
        double samplesPerSecond) {

    /** The result of an epoch of classification (no RMSE). */
    public EpochResult(
            int epoch,
            long iterations,
            double trainLoss,
            double evalLoss,
            double evalAccuracy,
            double seconds,
            double samplesPerSecond) {
        this(epoch, iterations, trainLoss, evalLoss, evalAccuracy, Double.NaN, seconds, samplesPerSecond);
    }

    /** One log line, e.g. {@code epoch 3  iteration 2814  train loss 0.3506  test loss 0.3931  test accuracy 0.8638 …}. */
    @Override
    public String toString() {
        String evaluation = Double.isNaN(evalLoss) ? "" : String.format(Locale.ROOT, "  test loss %.4f", evalLoss);
        if (!Double.isNaN(evalAccuracy)) {
            evaluation += String.format(Locale.ROOT, "  test accuracy %.4f", evalAccuracy);
        }
        if (!Double.isNaN(evalRmse)) {
            evaluation += String.format(Locale.ROOT, "  test rmse %.6g", evalRmse);
        }
        return String.format(
                Locale.ROOT,
                "epoch %d  iteration %d  train loss %.4f%s  %.0f samples/s  %.1f s",
                epoch,
                iterations,
                trainLoss,
                evaluation,
                samplesPerSecond,
                seconds);
    }
}
