package org.sparkmlp.core.train;

/**
 * What one epoch did. {@code trainLoss} is the mean cost of the epoch's minibatches, each measured just
 * before its update; the evaluation fields are NaN when no evaluation set was given.
 *
 * @param epoch             1-based epoch number
 * @param iterations        iterations (updates) done since training began, this epoch included
 * @param trainLoss         mean training cost per example over the epoch
 * @param evalLoss          mean cost per example on the evaluation set after the epoch
 * @param evalAccuracy      accuracy on the evaluation set after the epoch
 * @param seconds           wall time of the epoch's training, evaluation excluded
 * @param samplesPerSecond  training examples processed per second of {@code seconds}
 */
public record EpochResult(int epoch, long iterations, double trainLoss, double evalLoss, double evalAccuracy,
        double seconds, double samplesPerSecond) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "epoch %d  iteration %d  train loss %.4f  eval loss %.4f  eval accuracy %.4f  %.0f samples/s  %.1f s",
                epoch, iterations, trainLoss, evalLoss, evalAccuracy, samplesPerSecond, seconds);
    }
}
