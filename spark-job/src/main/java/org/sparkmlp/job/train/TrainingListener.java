package org.sparkmlp.job.train;

import java.util.OptionalLong;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;

/**
 * What a training run tells its watchers, on the driver thread, in order: each epoch starts, its iterations
 * finish one by one, and it ends with its result. Listeners must be quick: they run between Spark jobs.
 */
public interface TrainingListener {
    /**
     * A run asked to resume looked in its checkpoint {@code directory}: it continues after {@code iteration}, or
     * starts from the beginning when the directory holds no checkpoint yet. Told before the first epoch starts.
     */
    default void resuming(String directory, OptionalLong iteration) {}

    /**
     * Epoch {@code epoch} (1-based) of {@code epochs} starts at iteration {@code first} (0-based, within the
     * epoch; above 0 when a resumed run continues it) and runs to iteration {@code last} (exclusive).
     */
    default void epochStarted(int epoch, int epochs, long first, long last) {}

    /**
     * Iteration {@code iteration} (1-based, within the epoch) has updated the weights; {@code meanLoss} is the
     * epoch's mean training cost so far over {@code rows} rows, trained at {@code samplesPerSecond}.
     */
    default void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {}

    /**
     * The barrier engine's account at the end of a run: {@code iterations} exchanged, {@code driverBytes} through
     * the driver's exchange connections both ways (frames included), {@code failedStages} relaunched.
     */
    default void exchangeDone(long iterations, long driverBytes, int failedStages) {}

    /** The epoch ended; {@code validation} is its validation result, or null without a validation set. */
    void epochDone(EpochResult result, Evaluation validation);
}
