package org.sparkmlp.job.ml;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.sparkmlp.core.network.ChunkedForward;
import org.sparkmlp.job.model.MlpModel;

/**
 * {@link MlpClassificationModel#transform}'s work on one partition: the rows are stacked {@value
 * ChunkedForward#CHUNK} at a time, standardised if the model is, run through the network in one forward pass
 * per chunk, and each row comes out with the chosen columns appended, in the order and with the values of Spark
 * ML's per-row {@code ProbabilisticClassificationModel.transform}: raw prediction z(L), probability
 * ({@code raw2probability}), prediction ({@code raw2prediction}, or {@code probability2prediction} when only the
 * probability column is kept, so that thresholds act as they do in Spark).
 */
final class BatchScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final MlpClassificationModel model;
    private final int featuresIndex;
    private final boolean raw;
    private final boolean probability;
    private final boolean prediction;

    BatchScoring(
            MlpClassificationModel model, int featuresIndex, boolean raw, boolean probability, boolean prediction) {
        this.model = model;
        this.featuresIndex = featuresIndex;
        this.raw = raw;
        this.probability = probability;
        this.prediction = prediction;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Scored(rows);
    }

    /** The appended values of one row whose network output is {@code z[offset .. offset + K)}. */
    private Object[] outputs(double[] z, int offset) {
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

    /** The partition's rows, scored a chunk ahead of the consumer. */
    private final class Scored implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final MlpModel network = model.network();
        private final int d = model.numFeatures();
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
                model.requireSize(features);
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
            ChunkedForward.forward(model.forwardPass(), network.parameters(), x, 0, count, (c, z, offset) -> {
                Row input = chunk[c];
                Object[] appended = outputs(z, offset);
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
