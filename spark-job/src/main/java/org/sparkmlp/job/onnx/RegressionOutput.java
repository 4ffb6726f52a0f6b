package org.sparkmlp.job.onnx;

import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.onnx.proto.OnnxProto.TensorProto;

/**
 * A regression model's output: {@value #PREDICTION} [N, n(L)], Z(L) in the labels' units, the target
 * standardisation undone as {@link FeatureScaling#invertInPlace} does it (stdDev · z + mean), as {@code mlp
 * predict} writes it.
 */
final class RegressionOutput implements OutputKind {
    static final String PREDICTION = "prediction";

    private final FeatureScaling targetScaling;

    RegressionOutput(FeatureScaling targetScaling) {
        this.targetScaling = targetScaling;
    }

    @Override
    public void addOutputs(GraphBuilder graph, String outputs, Topology topology) {
        int m = topology.outputSize();
        if (targetScaling.isNone()) {
            graph.node("Identity", PREDICTION, new String[] {outputs});
        } else {
            String scaled = graph.node(
                    "Mul", new String[] {outputs, graph.constant("targetStdDev", targetScaling.stdDev(), 1, m)});
            graph.node(
                    "Add", PREDICTION, new String[] {scaled, graph.constant("targetMean", targetScaling.mean(), 1, m)});
        }
        graph.output(PREDICTION, TensorProto.DataType.FLOAT, m);
    }
}
