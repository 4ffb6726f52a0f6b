package org.sparkmlp.job.onnx;

import java.util.Locale;
import java.util.Objects;
import org.sparkmlp.job.onnx.proto.OnnxProto.AttributeProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.GraphProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.NodeProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.TensorProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.TensorShapeProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.TypeProto;
import org.sparkmlp.job.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Adds nodes, constant tensors and graph inputs/outputs to an ONNX graph, naming every intermediate tensor
 * uniquely ({@code <hint>_<n>}). The graph's tensors are float32; the batch dimension is the symbol {@value #BATCH}.
 */
final class GraphBuilder {
    /** The symbolic batch dimension of the graph's inputs and outputs. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph;
    private int next;

    GraphBuilder(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    /** Declares a float input of shape [N, width]. */
    void input(String name, int width) {
        graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT, width));
    }

    /** Declares {@code name} a graph output of shape [N, width], or [N] when {@code width} is 0. */
    void output(String name, TensorProto.DataType type, int width) {
        graph.addOutput(valueInfo(name, type, width));
    }

    /** A constant float tensor (the values rounded to float32), row-major in {@code dims}; returns its name. */
    String constant(String hint, double[] values, long... dims) {
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setName(fresh(hint)).setDataType(TensorProto.DataType.FLOAT.getNumber());
        long count = 1;
        for (long d : dims) {
            tensor.addDims(d);
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill a tensor of " + count);
        }
        for (double v : values) {
            tensor.addFloatData((float) v);
        }
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** A constant int64 vector; returns its name. */
    String constant(String hint, long... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(fresh(hint))
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** Adds a node of the default domain whose one output gets a fresh name; returns that name. */
    String node(String op, String[] inputs, AttributeProto... attributes) {
        return node(op, fresh(op.toLowerCase(Locale.ROOT)), inputs, attributes);
    }

    /** Adds a node of the default domain with the given output name (e.g. a graph output); returns it. */
    String node(String op, String output, String[] inputs, AttributeProto... attributes) {
        NodeProto.Builder node =
                NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String input : inputs) {
            node.addInput(Objects.requireNonNull(input));
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    GraphProto build() {
        return graph.build();
    }

    private String fresh(String hint) {
        return hint + "_" + next++;
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, int width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        if (width > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber())
                .setShape(shape)
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }
}
