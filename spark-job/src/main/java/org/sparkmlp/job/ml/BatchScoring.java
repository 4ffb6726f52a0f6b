package org.sparkmlp.job.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.core.linalg.CsrMatrix;
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

    /** Values in a dense chunk at most (8 MB): 1024 rows of 1024 features, fewer rows of wider ones. */
    private static final int DENSE_CHUNK_VALUES = 1 << 20;

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
        /** Sparse rows stay sparse unless the model's scaling centres them (then they are dense anyway). */
        private final boolean sparseRows = !network.scaling().centres();

        private double[] x;
        private CsrMatrix csr;
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

        /**
         * Scores the next chunk: sparse when its first row is a {@link SparseVector} (and the scaling keeps
         * sparsity), else dense; the dense buffer holds fewer rows when the rows are wide.
         */
        private void score() {
            count = 0;
            next = 0;
            if (!rows.hasNext()) {
                return;
            }
            Row first = rows.next();
            boolean sparse = sparseRows && first.getAs(featuresIndex) instanceof SparseVector;
            int capacity = sparse ? chunk.length : Math.min(chunk.length, Math.max(16, DENSE_CHUNK_VALUES / d));
            if (sparse && csr == null) {
                csr = new CsrMatrix(d, chunk.length, chunk.length);
            } else if (!sparse && x == null) {
                x = new double[capacity * d];
            }
            if (sparse) {
                csr.clear();
            }
            Row row = first;
            while (row != null) {
                Vector features = row.getAs(featuresIndex);
                if (features.size() != d) {
                    throw new IllegalArgumentException(
                            "the network takes " + d + " features, got a vector of " + features.size());
                }
                if (sparse) {
                    append(features, csr);
                } else if (features instanceof DenseVector dense) {
                    System.arraycopy(dense.values(), 0, x, count * d, d);
                } else {
                    scatter((SparseVector) features, x, count * d);
                }
                chunk[count++] = row;
                row = count < capacity && rows.hasNext() ? rows.next() : null;
            }
            if (sparse) {
                network.scaling().applyInPlace(csr);
                ChunkedForward.forward(forward, network.parameters(), csr, count, this::collect);
            } else {
                network.scaling().applyInPlace(x, 0, count, d);
                ChunkedForward.forward(forward, network.parameters(), x, 0, count, this::collect);
            }
        }

        private void collect(int c, double[] z, int offset) {
            Row input = chunk[c];
            Object[] appended = outputs.of(z, offset);
            Object[] values = new Object[input.length() + appended.length];
            for (int i = 0; i < input.length(); i++) {
                values[i] = input.get(i);
            }
            System.arraycopy(appended, 0, values, input.length(), appended.length);
            scored[c] = RowFactory.create(values);
            chunk[c] = null;
        }
    }

    /** Appends a vector's non-zeros as a row of {@code csr}. */
    static void append(Vector features, CsrMatrix csr) {
        if (features instanceof SparseVector sparse) {
            csr.appendRow(sparse.indices(), sparse.values(), 0, sparse.indices().length);
        } else {
            csr.appendDenseRow(((DenseVector) features).values(), 0);
        }
    }

    /** Writes a sparse vector as the dense row {@code x[offset .. offset + size)}. */
    private static void scatter(SparseVector features, double[] x, int offset) {
        Arrays.fill(x, offset, offset + features.size(), 0.0);
        int[] indices = features.indices();
        double[] values = features.values();
        for (int k = 0; k < indices.length; k++) {
            x[offset + indices[k]] = values[k];
        }
    }
}
