package org.sparkmlp.job.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.RegressionEvaluation;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * Loss, accuracy and confusion matrix (classification) or loss and error statistics (regression) of broadcast
 * parameters on a distributed labelled dataset.
 */
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

    /**
     * Evaluates {@code w} on every row of {@code data}, whose targets are real values standardised by
     * {@code targetScaling} (or {@code none()}), merged in partition order like {@link #evaluate}.
     */
    public static RegressionEvaluation evaluateRegression(
            JavaRDD<LabeledBlock> data, Broadcast<double[]> w, Topology topology, FeatureScaling targetScaling) {
        List<RegressionEvaluation> perPartition = data.mapPartitions(blocks -> {
                    ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
                    RegressionEvaluation evaluation = new RegressionEvaluation(topology.outputSize(), targetScaling);
                    while (blocks.hasNext()) {
                        LabeledBlock block = blocks.next();
                        if (!block.hasLabels() || block.targets().areClasses()) {
                            throw new IllegalArgumentException("regression evaluation needs real-valued targets");
                        }
                        evaluation.merge(RegressionEvaluation.of(
                                buffers.backprop(), w.value(), block.features(), block.targets(), targetScaling));
                    }
                    return List.of(evaluation).iterator();
                })
                .collect();
        RegressionEvaluation total = new RegressionEvaluation(topology.outputSize(), targetScaling);
        perPartition.forEach(total::merge);
        return total;
    }
}
