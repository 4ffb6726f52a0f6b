package org.sparkmlp.job.train;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.train.WeightDelta;

/**
 * What an iteration's tasks get besides the run's base broadcast, with sparse rows: a complete delta (every
 * parameter changed since the base, {@link WeightDelta}) and, for a {@linkplain
 * org.sparkmlp.core.optim.UpdateRule#lazy() lazy} rule, the deltas of the steps made since it, each holding only
 * the parameters its step changed. Their versions are consecutive: the complete delta's, then one more per step.
 *
 * <p>Without steps a task thread writes the complete delta's columns of W(1) as its rows need them
 * ({@link AssembledWeights#ensureColumns}): O(its non-zeros × n(1)). With steps it applies the deltas its buffer
 * lacks, whole and in order: O(what the steps changed since the version it last held).
 */
record DeltaChain(Broadcast<WeightDelta> complete, List<Broadcast<WeightDelta>> steps) implements Serializable {

    /** A complete delta alone, written on demand. */
    static DeltaChain of(Broadcast<WeightDelta> complete) {
        return new DeltaChain(complete, null);
    }

    /** A complete delta and the steps since, applied whole; {@code steps} empty right after a complete delta. */
    static DeltaChain withSteps(Broadcast<WeightDelta> complete, List<Broadcast<WeightDelta>> steps) {
        return new DeltaChain(complete, List.copyOf(steps));
    }

    /** Whether a task thread applies it whole (it may have steps), rather than on demand. */
    boolean appliedWhole() {
        return steps != null;
    }

    /** The version of the iteration's parameters: the complete delta's, plus one per step. */
    long version() {
        return complete.value().version() + (steps == null ? 0 : steps.size());
    }
}
