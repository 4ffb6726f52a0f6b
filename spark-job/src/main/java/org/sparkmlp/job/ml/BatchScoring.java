package org.sparkmlp.job.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.ChunkedForward;
import org.sparkmlp.job.model.MlpModel;

/**
 * The Spark ML models' {@code transform} work on one partition: the rows are stacked {@value ChunkedForward#CHUNK}
 * at a time, standardised if the model is, run through the network in one forward pass per chunk, and each row
 * comes out with the {@link Outputs} of its network output z(L) appended (the classifier's and the regressor's
 * columns, with the values of Spark ML's per-row {@code transform}).
 */
final class BatchScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** The values a model appends to a row whose network output is {@code z[offset .. offset + n(L))}. */
    interface Outputs extends Serializable {
        Object[] of(double[] z, int offset);
    }

    private final MlpModel network;
    private final int featuresIndex;
    private final Outputs outputs;

    BatchScoring(MlpModel network, int featuresIndex, Outputs outputs) {
        this.network = network;
        this.featuresIndex = featuresIndex;
        this.outputs = outputs;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Scored(rows);
    }

    /** {@code dataset}'s rows scored by {@code scoring}, as {@code schema} (its columns then the appended ones). */
    static Dataset<Row> scored(Dataset<?> dataset, BatchScoring scoring, StructType schema) {
        Dataset<Row> scored = dataset.toDF().mapPartitions(scoring, Encoders.row(schema));
        // the row encoder drops the columns' metadata (e.g. the vector sizes Spark ML's evaluators read): put it back
        Column[] columns = new Column[schema.size()];
        for (int i = 0; i < columns.length; i++) {
            StructField field = schema.fields()[i];
            columns[i] = scored.col("`" + field.name().replace("`", "``") + "`").as(field.name(), field.metadata());
        }
        return scored.select(columns);
    }

    /**
     * The classifier's columns, in the order and with the values of Spark ML's per-row {@code
     * ProbabilisticClassificationModel.transform}: raw prediction z(L), probability ({@code raw2probability}),
     * prediction ({@code raw2prediction}, or {@code probability2prediction} when only the probability column is
     * kept, so that thresholds act as they do in Spark).
     */
    record ClassifierOutputs(MlpClassificationModel model, boolean raw, boolean probability, boolean prediction)
            implements Outputs {
        @Override
        public Object[] of(double[] z, int offset) {
            Vector rawPrediction = Vectors.dense(Arrays.copyOfRange(z, offset, offset + model.numClasses()));
            Vector p = probability ? model.raw2probability(rawPrediction) : null;
            Object[] values = new Object[(raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0)];
            int i = 0;
            if (raw) {
                values[i++] = rawPrediction;
            }
            if (probability) {
                values[i++] = p;
            }
            if (prediction) {
                values[i] = !raw && probability ? model.probability2prediction(p) : model.raw2prediction(rawPrediction);
            }
            return values;
        }
    }

    /** The partition's rows, scored a chunk ahead of the consumer. */
    private final class Scored implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Backpropagation forward = new Backpropagation(network.topology());
        private final int d = network.topology().inputSize();
        private final Row[] chunk = new Row[ChunkedForward.CHUNK];
        private final Row[] scored = new Row[ChunkedForward.CHUNK];
        private final double[] x = new double[ChunkedForward.CHUNK * d];
        private int count;
        private int next;

        Scored(Iterator<Row> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            if (next == count) {
                score();
            }
            return next < count;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = scored[next];
            scored[next++] = null;
            return row;
        }

        private void score() {
            count = 0;
            next = 0;
            while (count < chunk.length && rows.hasNext()) {
                Row row = rows.next();
                Vector features = row.getAs(featuresIndex);
                if (features.size() != d) {
                    throw new IllegalArgumentException(
                            "the network takes " + d + " features, got a vector of " + features.size());
                }
                if (features instanceof DenseVector dense) {
                    System.arraycopy(dense.values(), 0, x, count * d, d);
                } else {
                    System.arraycopy(features.toArray(), 0, x, count * d, d);
                }
                chunk[count++] = row;
            }
            if (count == 0) {
                return;
            }
            network.scaling().applyInPlace(x, 0, count, d);
            ChunkedForward.forward(forward, network.parameters(), x, 0, count, (c, z, offset) -> {
                Row input = chunk[c];
                Object[] appended = outputs.of(z, offset);
                Object[] values = new Object[input.length() + appended.length];
                for (int i = 0; i < input.length(); i++) {
                    values[i] = input.get(i);
                }
                System.arraycopy(appended, 0, values, input.length(), appended.length);
                scored[c] = RowFactory.create(values);
                chunk[c] = null;
            });
        }
    }
}
