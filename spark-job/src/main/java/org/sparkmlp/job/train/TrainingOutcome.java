package org.sparkmlp.job.train;

import java.util.List;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.job.model.EpochMetrics;

/**
 * What a distributed run produced.
 *
 * @param parameters the final parameters — with early stopping, those of the epoch with the lowest validation loss
 * @param epochs     one result per evaluated epoch of this run (a run stopped by an iteration limit ends with a
 *                   partial epoch)
 * @param metrics    the metrics of every epoch since training began, including epochs before a resume
 * @param iterations iterations done since training began
 * @param stopReason why training ended, e.g. "completed 5 epochs"
 */
public record TrainingOutcome(
        double[] parameters, List<EpochResult> epochs, List<EpochMetrics> metrics, long iterations, String stopReason) {
    /** The last epoch of this run, or null if none ran. */
    public EpochResult lastEpoch() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
