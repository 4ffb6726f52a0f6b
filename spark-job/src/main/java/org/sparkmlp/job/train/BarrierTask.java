package org.sparkmlp.job.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.job.exchange.Address;
import org.sparkmlp.job.exchange.ChainMember;
import org.sparkmlp.job.exchange.RunSecret;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of a barrier stage: it keeps its partitions' blocks and their epoch orderings, joins the exchange, and
 * for every iteration the driver sends receives the parameters, sums ∂C/∂w over each of its partitions' members
 * of the minibatch separately, and passes the sums down the chain ({@link ChainMember}).
 */
final class BarrierTask extends AbstractFunction1<Iterator<PartitionBlock>, Iterator<Object>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Topology topology;
    private final MinibatchSchedule schedule;
    private final int epoch;
    private final Precision precision;
    private final String application;
    private final int blocksRdd;
    private final int partitions;
    private final int tasks;
    private final Address coordinator;
    private final RunSecret secret;
    private final long timeoutMillis;

    BarrierTask(
            Topology topology,
            MinibatchSchedule schedule,
            int epoch,
            Precision precision,
            String application,
            int blocksRdd,
            int partitions,
            int tasks,
            Address coordinator,
            RunSecret secret,
            long timeoutMillis) {
        this.topology = topology;
        this.schedule = schedule;
        this.epoch = epoch;
        this.precision = precision;
        this.application = application;
        this.blocksRdd = blocksRdd;
        this.partitions = partitions;
        this.tasks = tasks;
        this.coordinator = coordinator;
        this.secret = secret;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Iterator<Object> apply(Iterator<PartitionBlock> tagged) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int task = context.partitionId();
        int firstPartition = ContiguousGroups.firstPartition(task, partitions, tasks);
        int count = ContiguousGroups.firstPartition(task + 1, partitions, tasks) - firstPartition;
        List<List<PartitionBlock>> own = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            own.add(new ArrayList<>());
        }
        while (tagged.hasNext()) {
            PartitionBlock block = tagged.next();
            own.get(block.partition() - firstPartition).add(block);
        }
        EpochOrdering[][] orderings = new EpochOrdering[count][];
        GradientSum[] sums = new GradientSum[count];
        for (int p = 0; p < count; p++) {
            List<PartitionBlock> blocks = own.get(p);
            orderings[p] = new EpochOrdering[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                orderings[p][b] = EpochOrderings.of(
                        application,
                        blocksRdd,
                        firstPartition + p,
                        blocks.get(b).block(),
                        schedule,
                        epoch);
            }
            sums[p] = new GradientSum(topology.parameterCount());
        }
        ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
        double[] w = new double[topology.parameterCount()];
        try (ChainMember member =
                ChainMember.join(coordinator, secret, task, timeoutMillis, () -> !context.isInterrupted())) {
            for (long t = member.receiveWeights(w); t >= 0; t = member.receiveWeights(w)) {
                // w, or the driver's own array in the JVM: read only, until the sums are passed on
                if (member.weights32() != null) {
                    buffers.useWeights(member.weights32(), precision);
                } else if (precision == Precision.FLOAT32) {
                    throw new IllegalStateException("FP32 compute needs the parameters in FP32; they came in FP64");
                } else {
                    buffers.useWeights(member.weights());
                }
                long from = schedule.batchStart(t);
                long to = from + schedule.batchLength(t);
                for (int p = 0; p < count; p++) {
                    sums[p].reset();
                    List<PartitionBlock> blocks = own.get(p);
                    for (int b = 0; b < blocks.size(); b++) {
                        GradientTask.accumulate(buffers, blocks.get(b).block(), orderings[p][b], from, to, sums[p]);
                    }
                }
                member.passSums(sums);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "barrier task " + task + " of epoch " + (epoch + 1) + ": " + e.getMessage(), e);
        }
        return CollectionConverters.asScala(Collections.emptyIterator());
    }
}
