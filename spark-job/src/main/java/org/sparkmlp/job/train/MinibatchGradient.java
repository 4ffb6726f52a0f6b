package org.sparkmlp.job.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;

/**
 * The Spark job of one iteration: every task finds its partition's members of a minibatch (a contiguous
 * run of its {@link EpochBlock}), sums ∂C/∂w over them by backpropagation against the broadcast
 * parameters, and the per-task sums are combined by a tree reduction. Only the broadcast handle and
 * a few numbers travel in the closure.
 */
final class MinibatchGradient {
    private final Topology topology;
    private final int treeDepth;

    MinibatchGradient(Topology topology, int treeDepth) {
        this.topology = topology;
        this.treeDepth = treeDepth;
    }

    /** Σ ∂C/∂w, Σ C and the count over the rows at epoch positions [from, from + n). */
    GradientSum sum(JavaRDD<EpochBlock> epoch, Broadcast<double[]> w, long from, int n) {
        Topology network = topology;
        long to = from + n;
        return epoch.mapPartitions(blocks -> {
            ExecutorBuffers buffers = ExecutorBuffers.forTopology(network);
            GradientSum sum = buffers.emptySum();
            while (blocks.hasNext()) {
                EpochBlock block = blocks.next();
                int first = block.firstAtOrAfter(from);
                int end = block.firstAtOrAfter(to);
                if (end > first) {
                    buffers.backprop().accumulateGradient(w.value(), block.features(), first * block.numFeatures(),
                            block.labels(), first, end - first, sum);
                }
            }
            return List.of(sum).iterator();
        }).treeReduce(GradientSum::add, treeDepth);
    }
}
