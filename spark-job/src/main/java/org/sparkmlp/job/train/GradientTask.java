package org.sparkmlp.job.train;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchGather;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.core.train.SparseMinibatchGather;
import org.sparkmlp.job.data.LabeledBlock;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * What one task of an iteration does: sum ∂C/∂w over its partition's rows at epoch positions [from, to), against
 * the broadcast parameters. A named class rather than a lambda, so Spark's closure cleaner has nothing to analyse
 * (it re-reads class files with ASM for every lambda of every job, which dominated short iterations).
 */
final class GradientTask extends AbstractFunction2<TaskContext, Iterator<LabeledBlock>, GradientSum>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Topology topology;
    private final Broadcast<double[]> w;
    private final Broadcast<float[]> w32;
    private final DeltaChain deltas;
    private final Precision precision;
    private final String application;
    private final int blocksRdd;
    private final MinibatchSchedule schedule;
    private final int epoch;
    private final long from;
    private final long to;

    /**
     * @param w         the parameters, when they travel in FP64 (else null)
     * @param w32       the parameters, when they travel in FP32 (else null); the task's sum then travels in FP32
     * @param deltas    null, or what the iteration's parameters change of {@code w} or {@code w32}, then the run's
     *                  base
     * @param precision the arithmetic of backpropagation; FP32 needs FP32 parameters
     */
    GradientTask(
            Topology topology,
            Broadcast<double[]> w,
            Broadcast<float[]> w32,
            DeltaChain deltas,
            Precision precision,
            String application,
            int blocksRdd,
            MinibatchSchedule schedule,
            int epoch,
            long from,
            long to) {
        this.topology = topology;
        this.w = w;
        this.w32 = w32;
        this.deltas = deltas;
        this.precision = precision;
        this.application = application;
        this.blocksRdd = blocksRdd;
        this.schedule = schedule;
        this.epoch = epoch;
        this.from = from;
        this.to = to;
    }

    @Override
    public GradientSum apply(TaskContext context, Iterator<LabeledBlock> blocks) {
        ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
        if (deltas != null && w32 != null) {
            buffers.useWeights(w32.value(), deltas, precision);
        } else if (deltas != null) {
            buffers.useWeights(w.value(), deltas);
        } else if (w32 != null) {
            buffers.useWeights(w32.value(), precision);
        } else {
            buffers.useWeights(w.value());
        }
        GradientSum sum = buffers.emptySum();
        while (blocks.hasNext()) {
            LabeledBlock block = blocks.next();
            EpochOrdering ordering =
                    EpochOrderings.of(application, blocksRdd, context.partitionId(), block, schedule, epoch);
            accumulate(buffers, block, ordering, from, to, sum);
        }
        return w32 != null ? sum.roundToFloat32() : sum;
    }

    /**
     * Adds ∂C/∂w over the block's rows at epoch positions [from, to) to {@code sum}, against the parameters and in
     * the precision last given to {@code buffers}.
     */
    static void accumulate(
            ExecutorBuffers buffers, LabeledBlock block, EpochOrdering ordering, long from, long to, GradientSum sum) {
        int first = ordering.firstAtOrAfter(from);
        int end = ordering.firstAtOrAfter(to);
        if (end == first) {
            return;
        }
        if (block.features() instanceof CsrBlock sparse) {
            accumulateSparse(buffers, sparse.rows(), block.targets(), ordering, first, end, sum);
            return;
        }
        buffers.ensureAll();
        if (buffers.precision() == Precision.FLOAT32) {
            MinibatchGather gather = buffers.gather();
            gather.gatherFloat32(block.features(), block.targets(), end - first, c -> ordering.blockRow(first + c));
            buffers.backprop32()
                    .accumulateGradient(
                            buffers.weights32(), gather.features32(), 0, gather.targets(), 0, end - first, sum);
            return;
        }
        double[] w = buffers.weights();
        double[] stored = block.features().storedDoubles();
        if (ordering.isBlockOrder() && stored != null) {
            // consecutive rows stored as doubles are already a column-major minibatch: no copy
            buffers.backprop()
                    .accumulateGradient(
                            w, stored, first * block.numFeatures(), block.targets(), first, end - first, sum);
        } else {
            MinibatchGather gather = buffers.gather();
            gather.gather(block.features(), block.targets(), end - first, c -> ordering.blockRow(first + c));
            buffers.backprop().accumulateGradient(w, gather.features(), 0, gather.targets(), 0, end - first, sum);
        }
    }

    /** {@link #accumulate} for sparse rows, in either precision: the minibatch stays sparse, gathered only when shuffled. */
    private static void accumulateSparse(
            ExecutorBuffers buffers,
            CsrMatrix rows,
            Targets targets,
            EpochOrdering ordering,
            int first,
            int end,
            GradientSum sum) {
        CsrMatrix x = rows;
        Targets y = targets;
        int from = first;
        if (!ordering.isBlockOrder()) {
            SparseMinibatchGather gather = buffers.sparseGather();
            gather.gather(rows, targets, end - first, c -> ordering.blockRow(first + c));
            x = gather.features();
            y = gather.targets();
            from = 0;
        }
        buffers.ensureColumns(x, from, end - first);
        if (buffers.precision() == Precision.FLOAT32) {
            buffers.backprop32().accumulateGradient(buffers.weights32(), x, from, y, from, end - first, sum);
        } else {
            buffers.backprop().accumulateGradient(buffers.weights(), x, from, y, from, end - first, sum);
        }
    }
}
