package org.sparkmlp.job.model;

import java.util.List;
import java.util.Objects;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.OptimizerState;

/**
 * Everything a training run needs to continue exactly where it stopped, taken after {@code iteration}
 * completed iterations (counted across epochs).
 *
 * @param settings       the network and the settings a resuming run must share; a resume with others is refused
 * @param iteration      completed iterations; the next one is iteration + 1
 * @param parameters     the flat parameter vector after that iteration
 * @param optimizer      the optimizer's state after that iteration
 * @param epochLossSum   the summed training cost of the current epoch's minibatches so far, so that a resumed
 *                       epoch reports the same training loss as an uninterrupted one
 * @param epochRows      the rows those minibatches held
 * @param bestLoss       early stopping: the lowest validation loss so far (NaN if none yet)
 * @param badEpochs      early stopping: epochs since the best validation loss
 * @param bestParameters early stopping: the parameters that gave bestLoss, or null
 * @param history        the metrics of the epochs completed so far
 */
public record Checkpoint(
        ResumeSettings settings,
        long iteration,
        double[] parameters,
        OptimizerState optimizer,
        double epochLossSum,
        long epochRows,
        double bestLoss,
        int badEpochs,
        double[] bestParameters,
        List<EpochMetrics> history) {
    public Checkpoint {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(optimizer, "optimizer");
        history = List.copyOf(history);
        Topology topology = settings.topology();
        if (parameters.length != topology.parameterCount()
                || (bestParameters != null && bestParameters.length != parameters.length)) {
            throw new IllegalArgumentException("network " + topology + " has " + topology.parameterCount()
                    + " parameters, got " + parameters.length);
        }
    }

    /** The network being trained. */
    public Topology topology() {
        return settings.topology();
    }
}
