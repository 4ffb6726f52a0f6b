package org.sparkmlp.job.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.LabeledBlock;

/** Loss, accuracy and confusion matrix of broadcast parameters on a distributed labelled dataset. */
public final class DistributedEvaluation {
    private DistributedEvaluation() {}

    /**
     * Evaluates {@code w} on every row of {@code data}. The per-partition evaluations are merged on the driver in
     * partition order, not in the order tasks finish, so the summed loss is the same to the last bit on every run.
     */
    public static Evaluation evaluate(JavaRDD<LabeledBlock> data, Broadcast<double[]> w, Topology topology) {
        List<Evaluation> perPartition = data.mapPartitions(blocks -> {
                    ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
                    Evaluation evaluation = new Evaluation(topology.outputSize());
                    while (blocks.hasNext()) {
                        LabeledBlock block = blocks.next();
                        if (!block.hasLabels()) {
                            throw new IllegalArgumentException("evaluation needs labelled data");
                        }
                        evaluation.merge(
                                Evaluation.of(buffers.backprop(), w.value(), block.features(), block.labels()));
                    }
                    return List.of(evaluation).iterator();
                })
                .collect();
        Evaluation total = new Evaluation(topology.outputSize());
        perPartition.forEach(total::merge);
        return total;
    }
}
