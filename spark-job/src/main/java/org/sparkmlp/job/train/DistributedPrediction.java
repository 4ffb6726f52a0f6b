package org.sparkmlp.job.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.ChunkedForward;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * Predicted class and class probabilities of every row: columns {@code row} (the global row index),
 * {@code prediction} and {@code probability_0 … probability_K−1}; or a regression model's predicted values. With a softmax output the probabilities are
 * its activations; with another output they are the activations divided by their sum.
 */
public final class DistributedPrediction {
    private DistributedPrediction() {}

    /** The schema of {@link #predict}'s rows for a network with {@code classes} outputs. */
    public static StructType schema(int classes) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("row", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("prediction", DataTypes.IntegerType, false));
        for (int k = 0; k < classes; k++) {
            fields.add(DataTypes.createStructField("probability_" + k, DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * The schema of {@link #predictValues}' rows for a regression network of {@code outputs} outputs: {@code row}
     * and {@code prediction}, or {@code prediction_0 … prediction_m−1} for several outputs.
     */
    public static StructType regressionSchema(int outputs) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("row", DataTypes.LongType, false));
        for (int k = 0; k < outputs; k++) {
            fields.add(DataTypes.createStructField(
                    outputs == 1 ? "prediction" : "prediction_" + k, DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * A regression network's predicted values of every row, in the targets' units: its outputs with the target
     * standardisation {@code targetScaling} undone ({@link #regressionSchema}).
     */
    public static JavaRDD<Row> predictValues(
            JavaRDD<LabeledBlock> data, Broadcast<double[]> w, Topology topology, FeatureScaling targetScaling) {
        return data.mapPartitions(blocks -> {
            ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
            int outputs = topology.outputSize();
            double[] prediction = new double[outputs];
            List<Row> rows = new ArrayList<>();
            while (blocks.hasNext()) {
                LabeledBlock block = blocks.next();
                ChunkedForward.forward(buffers.backprop(), w.value(), block.features(), (c, z, o) -> {
                    System.arraycopy(z, o, prediction, 0, outputs);
                    targetScaling.invertInPlace(prediction, 0, 1, outputs);
                    Object[] values = new Object[outputs + 1];
                    values[0] = block.rows()[c];
                    for (int k = 0; k < outputs; k++) {
                        values[k + 1] = prediction[k];
                    }
                    rows.add(RowFactory.create(values));
                });
            }
            return rows.iterator();
        });
    }

    public static JavaRDD<Row> predict(JavaRDD<LabeledBlock> data, Broadcast<double[]> w, Topology topology) {
        return data.mapPartitions(blocks -> {
            ExecutorBuffers buffers = ExecutorBuffers.forTopology(topology);
            int classes = topology.outputSize();
            boolean softmax = topology.activation(topology.depth()) == Activation.SOFTMAX;
            List<Row> rows = new ArrayList<>();
            while (blocks.hasNext()) {
                LabeledBlock block = blocks.next();
                ChunkedForward.forward(
                        buffers.backprop(),
                        w.value(),
                        block.features(),
                        (c, z, offset) -> rows.add(row(block.rows()[c], z, offset, classes, softmax)));
            }
            return rows.iterator();
        });
    }

    private static Row row(long index, double[] z, int offset, int classes, boolean softmax) {
        Object[] values = new Object[classes + 2];
        double total = 0;
        for (int k = 0; k < classes; k++) {
            total += z[offset + k];
        }
        values[0] = index;
        values[1] = Evaluation.predictedClass(z, offset, classes);
        for (int k = 0; k < classes; k++) {
            values[k + 2] = softmax || total == 0 ? z[offset + k] : z[offset + k] / total;
        }
        return RowFactory.create(values);
    }
}
