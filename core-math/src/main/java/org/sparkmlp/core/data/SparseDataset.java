package org.sparkmlp.core.data;

import java.util.Objects;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Labelled examples held sparse in memory: example {@code r} is row r of a {@link CsrMatrix} and has the class
 * label {@code labels[r]}. The same examples as a {@link DenseDataset} give the same training, in O(non-zeros).
 */
public final class SparseDataset {
    private final CsrMatrix features;
    private final int[] labels;

    public SparseDataset(CsrMatrix features, int[] labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(
                    features.rows() + " rows of features cannot have " + labels.length + " labels");
        }
        this.features = features;
        this.labels = labels;
    }

    /** The non-zeros of a dense dataset's rows. */
    public static SparseDataset of(DenseDataset dense) {
        int d = dense.numFeatures();
        CsrMatrix x = new CsrMatrix(d, dense.size(), dense.size());
        for (int r = 0; r < dense.size(); r++) {
            x.appendDenseRow(dense.features(), r * d);
        }
        return new SparseDataset(x.trim(), dense.labels());
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    public int numFeatures() {
        return features.columns();
    }

    /** The features, one row per example; not copied. */
    public CsrMatrix features() {
        return features;
    }

    /** The backing label array; not copied. */
    public int[] labels() {
        return labels;
    }
}
