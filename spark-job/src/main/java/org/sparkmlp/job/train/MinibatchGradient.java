package org.sparkmlp.job.train;

import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.spark.GradientArrays;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The Spark job of one iteration: every task finds its partition's members of a minibatch (a run of its
 * {@link EpochOrdering}) and sums ∂C/∂w over them ({@link GradientTask}); the per-task sums are then combined.
 * With tree depth 1 the driver adds them itself, in partition order, so a rerun with the same partitions gives
 * bit-identical sums; with depth ≥ 2 a {@code treeReduce} combines them on the executors first, which relieves
 * the driver when there are many partitions. Only the broadcast handle and a few numbers travel with the tasks.
 */
final class MinibatchGradient {
    private static final ClassTag<GradientSum> SUM = ClassTag$.MODULE$.apply(GradientSum.class);

    private final Topology topology;
    private final int treeDepth;
    private final Precision precision;

    MinibatchGradient(Topology topology, int treeDepth, Precision precision) {
        this.topology = topology;
        this.treeDepth = treeDepth;
        this.precision = precision;
    }

    /**
     * Σ ∂C/∂w, Σ C and the count over the rows at positions [from, from + n) of epoch {@code epoch}'s order, against
     * the parameters broadcast in FP64 ({@code w}) or FP32 ({@code w32}; the other is null), or, with {@code deltas},
     * the run's base in one of them and what the iteration changes of it. Sums of FP32 parameters are FP32
     * ({@link GradientSum#isFloat32()}) and added in FP32.
     */
    GradientSum sum(
            JavaRDD<LabeledBlock> blocks,
            MinibatchSchedule schedule,
            int epoch,
            Broadcast<double[]> w,
            Broadcast<float[]> w32,
            DeltaChain deltas,
            long from,
            int n) {
        GradientTask task = new GradientTask(
                topology,
                w,
                w32,
                deltas,
                precision,
                blocks.context().applicationId(),
                blocks.id(),
                schedule,
                epoch,
                from,
                from + n);
        if (treeDepth > 1) {
            return blocks.mapPartitions(new PerPartition(task)).treeReduce(new Add(), treeDepth);
        }
        int partitions = blocks.getNumPartitions();
        InPartitionOrder results = new InPartitionOrder(partitions);
        // SparkContext.runJob with our own function objects: nothing for the closure cleaner to analyse
        blocks.context().runJob(blocks.rdd(), task, allPartitions(partitions), results, SUM);
        return results.total();
    }

    @SuppressWarnings("unchecked")
    private static Seq<Object> allPartitions(int partitions) {
        List<Object> ids =
                IntStream.range(0, partitions).boxed().map(Object.class::cast).toList();
        return (Seq<Object>) (Object) CollectionConverters.asScala(ids).toSeq();
    }

    /** Keeps each task's sum by partition and adds them up in partition order. */
    private static final class InPartitionOrder extends AbstractFunction2<Object, GradientSum, BoxedUnit> {
        private final GradientSum[] sums;

        InPartitionOrder(int partitions) {
            this.sums = new GradientSum[partitions];
        }

        @Override
        public BoxedUnit apply(Object partition, GradientSum sum) {
            sums[(Integer) partition] = sum;
            return BoxedUnit.UNIT;
        }

        GradientSum total() {
            GradientSum total = sums[0];
            for (int p = 1; p < sums.length; p++) {
                total.add(sums[p]);
                GradientArrays.recycle(sums[p]);
                sums[p] = null;
            }
            return total;
        }
    }

    /** The task as a partition function for {@code treeReduce}. */
    private record PerPartition(GradientTask task)
            implements FlatMapFunction<java.util.Iterator<LabeledBlock>, GradientSum> {
        @Override
        public java.util.Iterator<GradientSum> call(java.util.Iterator<LabeledBlock> blocks) {
            return List.of(task.apply(TaskContext.get(), CollectionConverters.asScala(blocks)))
                    .iterator();
        }
    }

    /** Combines two sums into the first. */
    private static final class Add implements Function2<GradientSum, GradientSum, GradientSum>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public GradientSum call(GradientSum a, GradientSum b) {
            return a.add(b);
        }
    }
}
