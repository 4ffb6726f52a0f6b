package org.sparkmlp.job.train;

import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.train.WeightDelta;

/**
 * A task thread's parameters of the current iteration, put together from its run's base broadcast and the
 * iteration's {@link WeightDelta}, in one buffer kept across tasks: the base is copied in when a run's first task
 * comes to this thread (or one of an older iteration than the buffer holds, as a retried task may be), and after
 * that a task writes only the delta. That is exact whatever iterations the thread has skipped: a later delta covers
 * every parameter an earlier one did, and every other parameter still holds its value of the base.
 */
final class AssembledWeights {
    private final double[] w;
    private final float[] w32;
    private boolean holdsRun;
    private long run;
    private long version;

    private AssembledWeights(double[] w, float[] w32) {
        this.w = w;
        this.w32 = w32;
    }

    /** A buffer for FP64 parameters. */
    static AssembledWeights float64(int parameterCount) {
        return new AssembledWeights(new double[parameterCount], null);
    }

    /** A buffer for FP32 parameters. */
    static AssembledWeights float32(int parameterCount) {
        return new AssembledWeights(null, new float[parameterCount]);
    }

    /** The FP64 parameters of {@code base} (FP64) overwritten by {@code delta}; the buffer, not a copy. */
    double[] assemble(double[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            System.arraycopy(base, 0, w, 0, w.length);
        }
        delta.applyTo(w);
        return w;
    }

    /** The FP64 parameters of {@code base} (FP32, widened) overwritten by {@code delta}. */
    double[] assemble(float[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            Float32.widen(base, w, w.length);
        }
        delta.applyTo(w);
        return w;
    }

    /** The FP32 parameters of {@code base} overwritten by {@code delta}. */
    float[] assemble32(float[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            System.arraycopy(base, 0, w32, 0, w32.length);
        }
        delta.applyTo(w32);
        return w32;
    }

    private boolean needsBase(WeightDelta delta) {
        boolean needs = !holdsRun || delta.run() != run || delta.version() < version;
        holdsRun = true;
        run = delta.run();
        version = delta.version();
        return needs;
    }
}
