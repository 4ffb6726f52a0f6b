package org.sparkmlp.job.train;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * What one task of an iteration does: sum ∂C/∂w over its partition's rows at epoch positions [from, to), against
 * the broadcast parameters. A named class rather than a lambda, so Spark's closure cleaner has nothing to analyse
 * (it re-reads class files with ASM for every lambda of every job, which dominated short iterations).
 */
final class GradientTask extends AbstractFunction2<TaskContext, Iterator<EpochBlock>, GradientSum> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Topology topology;
    private final Broadcast<double[]> w;
    private final long from;
    private final long to;

    GradientTask(Topology topology, Broadcast<double[]> w, long from, long to) {
        this.topology = topology;
        this.w = w;
        this.from = from;
        this.to = to;
    }

    @Override
    public GradientSum apply(TaskContext context, Iterator<EpochBlock> blocks) {
        ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
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
        return sum;
    }
}
