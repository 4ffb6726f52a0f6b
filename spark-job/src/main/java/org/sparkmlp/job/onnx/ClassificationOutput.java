package org.sparkmlp.job.onnx;

import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.onnx.proto.OnnxProto.TensorProto;

/**
 * A classifier's outputs: {@value #PROBABILITY} [N, K] and {@value #PREDICTION} [N] (int64, the class index),
 * with the same values as {@code mlp predict}: with a softmax output the probabilities are Z(L) itself, with
 * another output Z(L) divided by its row sum (left as is where that sum is 0), and the class is the first index
 * of the largest activation.
 */
final class ClassificationOutput implements OutputKind {
    static final String PROBABILITY = "probability";
    static final String PREDICTION = "prediction";

    @Override
    public void addOutputs(GraphBuilder graph, String outputs, Topology topology) {
        int classes = topology.outputSize();
        if (topology.activation(topology.depth()) == Activation.SOFTMAX) {
            graph.node("Identity", PROBABILITY, new String[] {outputs});
        } else {
            String total = graph.node(
                    "ReduceSum",
                    new String[] {outputs, graph.constant("axes", 1)},
                    GraphBuilder.intAttribute("keepdims", 1));
            String isZero = graph.node("Equal", new String[] {total, graph.constant("zero", new double[] {0})});
            String divisor = graph.node("Where", new String[] {isZero, graph.constant("one", new double[] {1}), total});
            graph.node("Div", PROBABILITY, new String[] {outputs, divisor});
        }
        // ArgMax takes the first of equal maxima, as mlp predict and Spark's argmax do
        graph.node(
                "ArgMax",
                PREDICTION,
                new String[] {outputs},
                GraphBuilder.intAttribute("axis", 1),
                GraphBuilder.intAttribute("keepdims", 0));
        graph.output(PROBABILITY, TensorProto.DataType.FLOAT, classes);
        graph.output(PREDICTION, TensorProto.DataType.INT64, 0);
    }
}
