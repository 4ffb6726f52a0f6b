package org.sparkmlp.job.train;

import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchGather;
import org.sparkmlp.core.train.SparseMinibatchGather;

/**
 * The backpropagation buffers, gradient sum and minibatch gather buffers of one task thread, kept across tasks
 * (Spark reuses its executor threads) so that an iteration allocates nothing on the executors after warm-up. A
 * task's result is serialized when the task ends, before the thread runs another, so reusing the sum is safe.
 */
final class ExecutorBuffers {
    private static final ThreadLocal<ExecutorBuffers> CURRENT = new ThreadLocal<>();

    private final Topology topology;
    private final Backpropagation backprop;
    private final GradientSum sum;
    private final MinibatchGather gather;
    private SparseMinibatchGather sparseGather;

    private ExecutorBuffers(Topology topology) {
        this.topology = topology;
        this.backprop = new Backpropagation(topology);
        this.sum = new GradientSum(topology.parameterCount());
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

    /** The thread's gradient sum, zeroed. */
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
