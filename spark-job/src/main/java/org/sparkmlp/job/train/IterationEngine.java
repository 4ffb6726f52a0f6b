package org.sparkmlp.job.train;

import java.io.IOException;
import org.sparkmlp.core.network.GradientSum;

/**
 * Computes the summed gradients of a span of iterations: the one thing the two {@link Engine}s do differently.
 * {@link SparkTrainer}'s epoch loop owns everything else (the optimizer step, checkpoints, validation, early
 * stopping, metrics, listeners).
 */
interface IterationEngine extends AutoCloseable {
    /** What the loop does with the sum of iteration t: updates the parameters before iteration t + 1 starts. */
    @FunctionalInterface
    interface Step {
        void apply(long t, GradientSum sum) throws IOException;
    }

    /**
     * For each iteration t in [first, end) of epoch {@code epoch} (0-based, t within the epoch): Σ ∂C/∂w over
     * minibatch t against the current {@code w}, handed to {@code step}, which updates {@code w}.
     */
    void run(int epoch, long first, long end, double[] w, Step step) throws IOException;

    /** Releases what the engine holds on the driver. */
    @Override
    void close();
}
