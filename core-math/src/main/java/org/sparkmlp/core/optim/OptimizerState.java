package org.sparkmlp.core.optim;

import java.util.Objects;

/**
 * Everything an {@link Optimizer} needs to resume exactly where it stopped: the number of steps
 * taken, the name of its {@link UpdateRule}, and that rule's state vectors in the rule's slot order
 * (Momentum and Nesterov: {v}; Adam: {m, v}; Sgd: none).
 *
 * <p>The record does not copy its arrays; {@link Optimizer#state()} hands out a fresh copy and
 * {@link Optimizer#restore(OptimizerState)} copies in, so a saved state is never aliased by a live
 * optimizer.
 */
public record OptimizerState(String rule, long iterations, double[][] slots) {

    public OptimizerState {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(slots, "slots");
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be non-negative, got " + iterations);
        }
        for (int k = 0; k < slots.length; k++) {
            Objects.requireNonNull(slots[k], "slot " + k);
        }
    }
}
