package org.sparkmlp.job.train;

import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.data.LabeledBlock;

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
    private double[] features = new double[0];
    private int[] labels = new int[0];

    private ExecutorBuffers(Topology topology) {
        this.topology = topology;
        this.backprop = new Backpropagation(topology);
        this.sum = new GradientSum(topology.parameterCount());
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

    /** Copies the block rows of ordering indices [first, end) into {@link #features()} and {@link #labels()}. */
    void gather(LabeledBlock block, EpochOrdering ordering, int first, int end) {
        int d = block.numFeatures();
        int n = end - first;
        if (labels.length < n) {
            features = new double[n * d];
            labels = new int[n];
        }
        for (int c = 0; c < n; c++) {
            int row = ordering.blockRow(first + c);
            System.arraycopy(block.features(), row * d, features, c * d, d);
            labels[c] = block.labels()[row];
        }
    }

    double[] features() {
        return features;
    }

    int[] labels() {
        return labels;
    }
}
