package org.sparkmlp.core.train;

import java.util.function.IntUnaryOperator;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * {@link MinibatchGather} for sparse rows: copies chosen rows of a {@link CsrMatrix} (and their labels) into one
 * reused sparse minibatch, so that a shuffled minibatch reaches backpropagation as a run of consecutive rows,
 * still sparse. The buffers grow to the largest minibatch gathered and are then reused.
 */
public final class SparseMinibatchGather {
    private final CsrMatrix features;
    private int[] labels;

    /** Buffers for {@code capacity} rows of {@code numFeatures} features (more are allocated when needed). */
    public SparseMinibatchGather(int numFeatures, int capacity) {
        this.features = new CsrMatrix(numFeatures, capacity, capacity);
        this.labels = new int[capacity];
    }

    /** Copies rows {@code row(0)}, …, {@code row(n − 1)} of {@code sourceFeatures} and {@code sourceLabels}. */
    public void gather(CsrMatrix sourceFeatures, int[] sourceLabels, int n, IntUnaryOperator row) {
        if (labels.length < n) {
            labels = new int[n];
        }
        features.clear();
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            features.appendRow(sourceFeatures, r);
            labels[c] = sourceLabels[r];
        }
    }

    /** The gathered features: row c is the c-th row chosen. */
    public CsrMatrix features() {
        return features;
    }

    /** The gathered labels. */
    public int[] labels() {
        return labels;
    }
}
