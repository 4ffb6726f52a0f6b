package org.sparkmlp.job.train;

import java.io.IOException;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.train.ChangedParameters;

/**
 * Computes the summed gradients of a span of iterations: the one thing the two {@link Engine}s do differently.
 * {@link SparkTrainer}'s epoch loop owns everything else (the optimizer step, checkpoints, validation, early
 * stopping, metrics, listeners).
 */
interface IterationEngine extends AutoCloseable {
    /**
     * What the loop does with the sum of iteration t: updates the parameters before iteration t + 1 starts, at once
     * ({@link #apply}) or, when the optimizer's step is element-wise ({@link #inParts()}), part by part as the sum
     * arrives: {@link #begin} with the sum's totals, {@link #part} for each range of parameters, {@link #end}. Both
     * ways give the same bits. After a failure between begin and end, {@link #undo()} leaves the parameters and the
     * optimizer as the last completed iteration left them.
     */
    interface Step {
        /** The whole update from iteration t's sum. */
        void apply(long t, GradientSum sum) throws IOException;

        /** Whether the update may be taken in parts (not with gradient-norm clipping, which needs the whole sum). */
        boolean inParts();

        /** Starts iteration t's update from {@code sum}'s totals (count, loss), before any parameter changes. */
        void begin(long t, GradientSum sum) throws IOException;

        /** Updates {@code w[from, to)} from {@code sum}'s gradient there, which has arrived. */
        void part(GradientSum sum, int from, int to);

        /** Ends iteration t's update from {@code sum}, once its parts have covered every parameter. */
        void end(long t, GradientSum sum);

        /** Undoes the parts of an update that began and will not end. */
        void undo();
    }

    /**
     * For each iteration t in [first, end) of epoch {@code epoch} (0-based, t within the epoch): Σ ∂C/∂w over
     * minibatch t against the current {@code w}, handed to {@code step}, which updates {@code w}. {@code changed}
     * says which parameters of {@code w} may differ from what they were at the engine's first call, as
     * {@code step} keeps it up to date.
     */
    void run(int epoch, long first, long end, double[] w, ChangedParameters changed, Step step) throws IOException;

    /** Releases what the engine holds on the driver. */
    @Override
    void close();
}
