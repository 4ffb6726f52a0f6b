package org.sparkmlp.job.train;

import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Float32Backpropagation;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchGather;
import org.sparkmlp.core.train.SparseMinibatchGather;

/**
 * The backpropagation buffers (FP64, and FP32 once a task asks for them), the iteration's parameters in the
 * precision the task computes in (with sparse rows assembled from a base and deltas, {@link AssembledWeights}), the gradient sum and minibatch gather buffers of one task thread, kept across tasks
 * (Spark reuses its executor threads) so that an iteration allocates nothing on the executors after warm-up. A
 * task's result is serialized when the task ends, before the thread runs another, so reusing the sum is safe.
 */
final class ExecutorBuffers {
    private static final ThreadLocal<ExecutorBuffers> CURRENT = new ThreadLocal<>();

    private final Topology topology;
    private final Backpropagation backprop;
    private final GradientSum sum;
    private final MinibatchGather gather;
    private Float32Backpropagation backprop32;
    private Precision precision = Precision.FLOAT64;
    private double[] w;
    private double[] widened;
    private float[] w32;
    private SparseMinibatchGather sparseGather;
    private AssembledWeights assembled;
    private AssembledWeights assembled32;
    /** The buffer the current parameters are being assembled in; null when they came whole. */
    private AssembledWeights assembling;

    private ExecutorBuffers(Topology topology) {
        this.topology = topology;
        this.backprop = new Backpropagation(topology);
        this.sum = GradientSum.trackingColumns(topology);
        this.gather = new MinibatchGather(topology.inputSize(), 0);
    }

    /** This thread's buffers for {@code topology}. */
    static ExecutorBuffers forTopology(Topology topology) {
        ExecutorBuffers buffers = CURRENT.get();
        if (buffers == null || !buffers.topology.equals(topology)) {
            buffers = new ExecutorBuffers(topology);
            CURRENT.set(buffers);
        }
        return buffers;
    }

    Backpropagation backprop() {
        return backprop;
    }

    /** The FP32 passes, made on first use. */
    Float32Backpropagation backprop32() {
        if (backprop32 == null) {
            backprop32 = new Float32Backpropagation(topology);
        }
        return backprop32;
    }

    /** Computes in FP64 with {@code w} (not copied) until told otherwise. */
    void useWeights(double[] w) {
        this.precision = Precision.FLOAT64;
        this.assembling = null;
        this.w = w;
    }

    /** Computes in {@code precision} with {@code w}, as received in FP32: widened for FP64, else not copied. */
    void useWeights(float[] w, Precision precision) {
        this.precision = precision;
        this.assembling = null;
        if (precision == Precision.FLOAT32) {
            this.w32 = w;
        } else {
            if (widened == null) {
                widened = new double[w.length];
            }
            Float32.widen(w, widened, w.length);
            this.w = widened;
        }
    }

    /**
     * Computes in FP64 with {@code base} overwritten by {@code chain}, assembled in this thread's buffer (written
     * on demand, as the rows need it: {@link #ensureColumns}, {@link #ensureAll}).
     */
    void useWeights(double[] base, DeltaChain chain) {
        this.precision = Precision.FLOAT64;
        this.assembling = assembled();
        this.w = assembling.begin(base, chain);
    }

    /**
     * Computes in {@code precision} with {@code base}, as received in FP32, overwritten by {@code chain}, assembled
     * in this thread's buffer of that precision.
     */
    void useWeights(float[] base, DeltaChain chain, Precision precision) {
        this.precision = precision;
        if (precision == Precision.FLOAT32) {
            if (assembled32 == null) {
                assembled32 = AssembledWeights.float32(topology);
            }
            this.assembling = assembled32;
            this.w32 = assembled32.begin32(base, chain);
        } else {
            this.assembling = assembled();
            this.w = assembling.begin(base, chain);
        }
    }

    /** Makes the parameters' columns of W(1) for the features of rows [from, from + rows) of {@code x} current. */
    void ensureColumns(CsrMatrix x, int from, int rows) {
        if (assembling != null) {
            assembling.ensureColumns(x, from, rows);
        }
    }

    /** Makes all of the parameters current, for dense rows. */
    void ensureAll() {
        if (assembling != null) {
            assembling.ensureAll();
        }
    }

    private AssembledWeights assembled() {
        if (assembled == null) {
            assembled = AssembledWeights.float64(topology);
        }
        return assembled;
    }

    /** The precision of the parameters last given. */
    Precision precision() {
        return precision;
    }

    /** The FP64 parameters last given. */
    double[] weights() {
        return w;
    }

    /** The FP32 parameters last given. */
    float[] weights32() {
        return w32;
    }

    /** The thread's gradient sum, zeroed: with sparse rows, in O(what the last task touched), not O(P). */
    GradientSum emptySum() {
        sum.reset();
        return sum;
    }

    /** The thread's minibatch buffers, for the rows of a shuffled minibatch. */
    MinibatchGather gather() {
        return gather;
    }

    /** The thread's sparse minibatch buffers, for the rows of a shuffled minibatch of sparse rows. */
    SparseMinibatchGather sparseGather() {
        if (sparseGather == null) {
            sparseGather = new SparseMinibatchGather(topology.inputSize(), 0);
        }
        return sparseGather;
    }
}
