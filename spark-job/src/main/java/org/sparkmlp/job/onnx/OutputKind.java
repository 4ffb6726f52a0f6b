package org.sparkmlp.job.onnx;

import org.sparkmlp.core.network.Topology;

/**
 * What an exported graph outputs, given Z(L), the output layer's activations [N, n(L)]: the one place that
 * differs between kinds of model (a classifier's probabilities and class; a regression model's predicted values
 * with the target standardisation undone).
 */
interface OutputKind {
    /** Adds the nodes from the tensor {@code outputs} (Z(L)) to the graph's outputs, and declares them. */
    void addOutputs(GraphBuilder graph, String outputs, Topology topology);
}
