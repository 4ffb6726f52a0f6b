package org.sparkmlp.core.data;

import java.util.Arrays;
import java.util.Objects;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Features stored sparse: the rows of a {@link CsrMatrix}, 12 bytes a stored feature (its index and value) and 4
 * a row, exact. Training and scoring read the matrix itself ({@link #rows()}) so that the first layer costs
 * O(non-zeros); {@link #copyRow} (a dense row of zeros and the stored values) is there for code that needs
 * dense rows, not for the hot path.
 */
public final class CsrBlock extends FeatureBlock {
    private static final long serialVersionUID = 1L;

    private final CsrMatrix rows;

    /** Wraps {@code rows} (not copied). */
    public CsrBlock(CsrMatrix rows) {
        super(Objects.requireNonNull(rows, "rows").rows(), rows.columns());
        this.rows = rows;
    }

    /** The rows, sparse; not copied. */
    public CsrMatrix rows() {
        return rows;
    }

    @Override
    public FeatureStorage storage() {
        return FeatureStorage.SPARSE;
    }

    @Override
    public long bytes() {
        return rows.sizeInBytes();
    }

    @Override
    public void copyRow(int r, double[] x, int offset) {
        Arrays.fill(x, offset, offset + numFeatures(), 0.0);
        for (int k = rows.rowStart(r); k < rows.rowStart(r + 1); k++) {
            x[offset + rows.indices()[k]] = rows.values()[k];
        }
    }

    @Override
    public void copyRow(int r, float[] x, int offset) {
        Arrays.fill(x, offset, offset + numFeatures(), 0.0f);
        for (int k = rows.rowStart(r); k < rows.rowStart(r + 1); k++) {
            x[offset + rows.indices()[k]] = (float) rows.values()[k];
        }
    }
}
