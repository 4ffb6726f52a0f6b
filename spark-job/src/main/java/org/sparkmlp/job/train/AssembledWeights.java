package org.sparkmlp.job.train;

import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.WeightDelta;

/**
 * A task thread's parameters of the current iteration, put together from its run's base broadcast and the
 * iteration's {@link DeltaChain}, in one buffer kept across tasks. The base is copied in when a run's first task
 * comes to this thread (or one of an older iteration than the buffer last held, as a retried task may be).
 *
 * <p>A complete delta alone is written on demand: the other layers at once and, of W(1), only the columns of the
 * features a task's sparse rows hold ({@link #ensureColumns}), the only ones of W(1) its backpropagation reads:
 * O(its non-zeros × n(1)), not O(the delta). That is exact whatever iterations the thread has skipped: a later
 * delta covers every parameter an earlier one did, and every other parameter still holds its value of the base.
 *
 * <p>A chain with steps is applied whole, so the buffer holds all of its version: a thread that holds an earlier
 * version of the same chain applies only the steps after it, one that holds an older one the complete delta
 * first, which brings any version of the run to the complete delta's.
 */
final class AssembledWeights {
    private final double[] w;
    private final float[] w32;
    private final int columnLength;
    private final int firstLayerEnd;
    private boolean holdsRun;
    private long run;
    private long version;
    /** Whether the buffer holds every parameter of that version, as a chain applied whole leaves it. */
    private boolean whole;
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
     * The FP64 parameters of {@code base} (FP64) overwritten by the chain, W(1)'s columns as they are
     * {@linkplain #ensureColumns ensured} when it is written on demand; the buffer, not a copy.
     */
    double[] begin(double[] base, DeltaChain chain) {
        Plan plan = plan(chain);
        if (plan.needsBase()) {
            System.arraycopy(base, 0, w, 0, w.length);
        }
        for (WeightDelta delta : plan.deltas()) {
            delta.applyFrom(w, plan.from());
        }
        return w;
    }

    /** {@link #begin(double[], DeltaChain)} from a base in FP32, widened. */
    double[] begin(float[] base, DeltaChain chain) {
        Plan plan = plan(chain);
        if (plan.needsBase()) {
            Float32.widen(base, w, w.length);
        }
        for (WeightDelta delta : plan.deltas()) {
            delta.applyFrom(w, plan.from());
        }
        return w;
    }

    /** {@link #begin(double[], DeltaChain)} for FP32 parameters. */
    float[] begin32(float[] base, DeltaChain chain) {
        Plan plan = plan(chain);
        if (plan.needsBase()) {
            System.arraycopy(base, 0, w32, 0, w32.length);
        }
        for (WeightDelta delta : plan.deltas()) {
            delta.applyFrom(w32, plan.from());
        }
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

    /** What a task writes into the buffer: the base or not, then these deltas, each from parameter {@code from} on. */
    private record Plan(boolean needsBase, List<WeightDelta> deltas, int from) {}

    /**
     * What the buffer needs for the chain's version: written on demand, the complete delta (its other layers now);
     * applied whole, the deltas after the version it holds, or after the base, or after any version of the run
     * but the chain's. Records that the buffer holds the chain's version.
     */
    private Plan plan(DeltaChain chain) {
        WeightDelta complete = chain.complete().value();
        long last = chain.version();
        boolean sameRun = holdsRun && complete.run() == run && version <= last;
        boolean fromBase = !sameRun || chain.appliedWhole() && !whole;
        // which of the chain's deltas (0 the complete one, i its i-th step) the buffer needs from
        int first = fromBase || version < complete.version() ? 0 : (int) (version - complete.version()) + 1;
        List<WeightDelta> deltas = new ArrayList<>();
        if (!chain.appliedWhole()) {
            deltas.add(complete);
        } else {
            for (int i = first; i <= chain.steps().size(); i++) {
                deltas.add(i == 0 ? complete : chain.steps().get(i - 1).value());
            }
        }
        holdsRun = true;
        run = complete.run();
        version = last;
        whole = chain.appliedWhole();
        pending = whole ? null : complete;
        return new Plan(fromBase, deltas, whole ? 0 : firstLayerEnd);
    }
}
