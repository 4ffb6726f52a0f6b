package org.sparkmlp.job.train;

import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.WeightDelta;

/**
 * A task thread's parameters of the current iteration, put together from its run's base broadcast and the
 * iteration's {@link WeightDelta}, in one buffer kept across tasks. The base is copied in when a run's first task
 * comes to this thread (or one of an older iteration than the buffer last held, as a retried task may be); after
 * that a task writes the delta's other layers at once and, of W(1), only the columns of the features its sparse
 * rows hold ({@link #ensureColumns}), the only ones of W(1) its backpropagation reads: O(its non-zeros × n(1)), not
 * O(the delta). That is exact whatever iterations the thread has skipped: a later delta covers every parameter an
 * earlier one did, and every other parameter still holds its value of the base.
 */
final class AssembledWeights {
    private final double[] w;
    private final float[] w32;
    private final int columnLength;
    private final int firstLayerEnd;
    private boolean holdsRun;
    private long run;
    private long version;
    /** The delta whose columns of W(1) are written on demand; null once all of it is. */
    private WeightDelta pending;

    private AssembledWeights(Topology topology, double[] w, float[] w32) {
        this.w = w;
        this.w32 = w32;
        this.columnLength = topology.size(1);
        this.firstLayerEnd = topology.layout().biasOffset(1);
    }

    /** A buffer for FP64 parameters. */
    static AssembledWeights float64(Topology topology) {
        return new AssembledWeights(topology, new double[topology.parameterCount()], null);
    }

    /** A buffer for FP32 parameters. */
    static AssembledWeights float32(Topology topology) {
        return new AssembledWeights(topology, null, new float[topology.parameterCount()]);
    }

    /**
     * The FP64 parameters of {@code base} (FP64) overwritten by {@code delta}, W(1)'s columns as they are
     * {@linkplain #ensureColumns ensured}; the buffer, not a copy.
     */
    double[] begin(double[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            System.arraycopy(base, 0, w, 0, w.length);
        }
        delta.applyFrom(w, firstLayerEnd);
        return w;
    }

    /** {@link #begin(double[], WeightDelta)} from a base in FP32, widened. */
    double[] begin(float[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            Float32.widen(base, w, w.length);
        }
        delta.applyFrom(w, firstLayerEnd);
        return w;
    }

    /** {@link #begin(double[], WeightDelta)} for FP32 parameters. */
    float[] begin32(float[] base, WeightDelta delta) {
        if (needsBase(delta)) {
            System.arraycopy(base, 0, w32, 0, w32.length);
        }
        delta.applyFrom(w32, firstLayerEnd);
        return w32;
    }

    /** Writes the iteration's columns of W(1) for the features of rows [from, from + rows) of {@code x}. */
    void ensureColumns(CsrMatrix x, int from, int rows) {
        if (pending == null) {
            return;
        }
        int start = x.rowStart(from);
        int end = x.rowStart(from + rows);
        if (w32 != null) {
            pending.applyColumns(w32, x.indices(), start, end, columnLength);
        } else {
            pending.applyColumns(w, x.indices(), start, end, columnLength);
        }
    }

    /** Writes all of the iteration's W(1), for dense rows. */
    void ensureAll() {
        if (pending == null) {
            return;
        }
        if (w32 != null) {
            pending.applyTo(w32);
        } else {
            pending.applyTo(w);
        }
        pending = null;
    }

    private boolean needsBase(WeightDelta delta) {
        boolean needs = !holdsRun || delta.run() != run || delta.version() < version;
        holdsRun = true;
        run = delta.run();
        version = delta.version();
        pending = delta;
        return needs;
    }
}
