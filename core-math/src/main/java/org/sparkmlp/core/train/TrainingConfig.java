package org.sparkmlp.core.train;

import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;

/**
 * How long and in which minibatches to train: batch size B, number of epochs, the epoch order and the
 * seed of the shuffle.
 */
public record TrainingConfig(int batchSize, int epochs, Shuffle shuffle, long seed) {
    public TrainingConfig {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        java.util.Objects.requireNonNull(shuffle, "shuffle");
    }

    /** The minibatch schedule of a dataset of {@code rows} rows. */
    public MinibatchSchedule scheduleFor(long rows) {
        return new MinibatchSchedule(rows, batchSize, shuffle, seed);
    }

    /** Iterations of all epochs over a dataset of {@code rows} rows. */
    public long iterations(long rows) {
        return epochs * scheduleFor(rows).iterationsPerEpoch();
    }
}
