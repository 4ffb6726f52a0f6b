package org.sparkmlp.job.onnx;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.ParameterLayout;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.model.AtomicFile;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.onnx.proto.OnnxProto.ModelProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.StringStringEntryProto;

/**
 * A trained network as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}, float32), to be
 * served by ONNX Runtime or any other ONNX runtime. Its contract:
 * <ul>
 *   <li>input {@value #FEATURES}: float [N, n(0)], the feature vector as {@code mlp predict} reads it (IDX pixels
 *       in [0, 1]); the model's feature standardisation, if any, is part of the graph;</li>
 *   <li>outputs {@code probability}: float [N, K] and {@code prediction}: int64 [N], the class index (see
 *       {@link ClassificationOutput}); for a regression model {@code prediction}: float [N, n(L)], in the labels'
 *       units ({@link RegressionOutput}).</li>
 * </ul>
 * Each layer is a {@code Gemm} with W(l)ᵀ and b(l) as initializers followed by its activation, so the graph
 * computes the network's forward pass in float32 instead of double: probabilities agree to about 1e-6.
 */
public final class OnnxExport {
    /** The name of the graph's input. */
    public static final String FEATURES = "features";

    static final long OPSET = 13;
    /** The IR version that goes with opset 13 (ONNX 1.8). */
    static final long IR_VERSION = 7;

    private static final OutputKind CLASSIFICATION = new ClassificationOutput();

    private OnnxExport() {}

    /** The ONNX model of {@code model}. */
    public static ModelProto toOnnx(MlpModel model) {
        Topology topology = model.topology();
        GraphBuilder graph = new GraphBuilder("mlp");
        graph.input(FEATURES, topology.inputSize());
        String z = standardized(graph, FEATURES, model.scaling());
        ParameterLayout layout = topology.layout();
        double[] w = model.parameters();
        for (int l = 1; l <= topology.depth(); l++) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            // W(l) is column-major n(l) × n(l−1), so its values read row-major are W(l)ᵀ, n(l−1) × n(l):
            // A(l) = Z(l−1) W(l)ᵀ + b(l) with one example per row
            double[] weights = Arrays.copyOfRange(w, layout.weightOffset(l), layout.biasOffset(l));
            double[] bias = Arrays.copyOfRange(w, layout.biasOffset(l), layout.biasOffset(l) + rows);
            String a = graph.node("Gemm", new String[] {
                z, graph.constant("W" + l + "T", weights, cols, rows), graph.constant("b" + l, bias, rows)
            });
            z = activation(graph, topology.activation(l), a);
        }
        OutputKind outputs =
                model.task() == Task.REGRESSION ? new RegressionOutput(model.targetScaling()) : CLASSIFICATION;
        outputs.addOutputs(graph, z, topology);
        ModelProto.Builder onnx = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("spark-mlp")
                .setDocString("multilayer perceptron " + topology + ", feature scaling " + model.scaling())
                .setGraph(graph.build());
        for (Map.Entry<String, Object> entry : model.metadata().entrySet()) {
            onnx.addMetadataProps(StringStringEntryProto.newBuilder()
                    .setKey(entry.getKey())
                    .setValue(String.valueOf(entry.getValue())));
        }
        return onnx.build();
    }

    /** Writes {@code model}'s ONNX file at {@code path} (any Hadoop filesystem), replacing it as a whole. */
    public static void write(MlpModel model, Path path, Configuration conf) throws IOException {
        ModelProto onnx = toOnnx(model);
        AtomicFile.write(path, conf, onnx::writeTo);
    }

    /** x' = (x − mean) / stdDev, as {@link FeatureScaling#applyInPlace} computes it. */
    private static String standardized(GraphBuilder graph, String x, FeatureScaling scaling) {
        if (scaling.isNone()) {
            return x;
        }
        int d = scaling.numFeatures();
        String centred = graph.node("Sub", new String[] {x, graph.constant("mean", scaling.mean(), 1, d)});
        return graph.node("Div", new String[] {centred, graph.constant("stdDev", scaling.stdDev(), 1, d)});
    }

    private static String activation(GraphBuilder graph, Activation h, String a) {
        return switch (h) {
            case SIGMOID -> graph.node("Sigmoid", new String[] {a});
            case TANH -> graph.node("Tanh", new String[] {a});
            case RELU -> graph.node("Relu", new String[] {a});
            case IDENTITY -> a;
            case SOFTMAX -> graph.node("Softmax", new String[] {a}, GraphBuilder.intAttribute("axis", 1));
        };
    }
}
