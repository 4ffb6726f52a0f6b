package org.sparkmlp.core.data;

import java.util.Locale;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * How a block's features are held in the cache: the dense kinds of {@link FeatureBlock}, and {@link #SPARSE}.
 * Storage is a choice of memory, separate from the precision training computes in: every kind is read back as
 * doubles.
 */
public enum FeatureStorage {
    /** 8 bytes a feature, exact: any finite double. */
    FLOAT64,
    /** 4 bytes a feature, each rounded once to the nearest float: any finite double within float's range. */
    FLOAT32,
    /** 1 byte a feature: only the values k / 255 for k = 0 … 255, as IDX pixels scaled to [0, 1] are. */
    UINT8,
    /**
     * 12 bytes a stored feature (index and value), the zeros not at all: CSR rows ({@link CsrBlock}), which the
     * first layer multiplies in O(non-zeros). Exact: any finite double.
     */
    SPARSE;

    /**
     * The density, stored features / (rows × features), below which {@code --storage auto} keeps a sparse source
     * (LIBSVM, a column of {@code SparseVector}s) sparse. Below it the sparse first layer is faster than dense GEMM
     * over the same rows (docs/performance.md has the measurement) and the rows take less memory than as float32.
     */
    public static final double SPARSE_BELOW_DENSITY = 0.1;

    /** The kind as the user names it: {@code float64}, {@code float32}, {@code uint8}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} (finite) can be stored in this kind, exactly or, for float32, rounded. */
    public boolean holds(double value) {
        return switch (this) {
            case FLOAT64, SPARSE -> true;
            case FLOAT32 -> Math.abs(value) <= Float.MAX_VALUE;
            case UINT8 -> {
                double k = Math.rint(value * 255);
                yield k >= 0 && k <= 255 && Uint8Block.scaled((int) k) == value;
            }
        };
    }

    /** What this kind can hold, for the message about a value it cannot. */
    public String holdsOnly() {
        return switch (this) {
            case FLOAT64, SPARSE -> "any finite value";
            case FLOAT32 -> "values of magnitude ≤ " + Float.MAX_VALUE;
            case UINT8 -> "the values k/255 for k = 0 … 255 (bytes scaled to [0, 1])";
        };
    }

    /**
     * Packs {@code values} (row after row; float64 wraps the array itself).
     *
     * @throws IllegalArgumentException if a value is not one this kind {@link #holds}
     */
    public FeatureBlock pack(double[] values, int numFeatures) {
        if (this == FLOAT64) {
            return new Float64Block(values, numFeatures);
        }
        int rows = values.length / Math.max(numFeatures, 1);
        if ((long) rows * numFeatures != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values are not a whole number of rows of " + numFeatures + " features");
        }
        return pack(
                rows, numFeatures, (r, x, offset) -> System.arraycopy(values, r * numFeatures, x, offset, numFeatures));
    }

    /** The rows of {@code block} in this kind: {@code block} itself if it is of this kind already. */
    public FeatureBlock pack(FeatureBlock block) {
        if (block.storage() == this) {
            return block;
        }
        return pack(block.size(), block.numFeatures(), block::copyRow);
    }

    /** Writes row {@code r}'s features, as doubles, to {@code x[offset, offset + numFeatures)}. */
    @FunctionalInterface
    public interface RowSource {
        void copyRow(int r, double[] x, int offset);
    }

    /**
     * Packs the {@code rows} rows that {@code source} writes, one row at a time: the block's own arrays are the
     * only allocation of its size (a sparse block reads its rows twice, to size them exactly).
     *
     * @throws IllegalArgumentException if a value is not one this kind {@link #holds}
     */
    public FeatureBlock pack(int rows, int numFeatures, RowSource source) {
        if (this == FLOAT64) {
            double[] x = new double[Math.multiplyExact(rows, numFeatures)];
            for (int r = 0; r < rows; r++) {
                source.copyRow(r, x, r * numFeatures);
            }
            return new Float64Block(x, numFeatures);
        }
        double[] row = new double[numFeatures];
        switch (this) {
            case FLOAT32 -> {
                float[] x = new float[Math.multiplyExact(rows, numFeatures)];
                for (int r = 0; r < rows; r++) {
                    source.copyRow(r, row, 0);
                    for (int i = 0; i < numFeatures; i++) {
                        x[r * numFeatures + i] = (float) require(row[i]);
                    }
                }
                return new Float32Block(x, numFeatures);
            }
            case UINT8 -> {
                byte[] x = new byte[Math.multiplyExact(rows, numFeatures)];
                for (int r = 0; r < rows; r++) {
                    source.copyRow(r, row, 0);
                    for (int i = 0; i < numFeatures; i++) {
                        x[r * numFeatures + i] = (byte) Math.rint(require(row[i]) * 255);
                    }
                }
                return new Uint8Block(x, numFeatures);
            }
            case SPARSE -> {
                long nonZeros = 0;
                for (int r = 0; r < rows; r++) {
                    source.copyRow(r, row, 0);
                    for (int i = 0; i < numFeatures; i++) {
                        nonZeros += row[i] != 0.0 ? 1 : 0;
                    }
                }
                CsrMatrix x = new CsrMatrix(numFeatures, rows, Math.toIntExact(nonZeros));
                for (int r = 0; r < rows; r++) {
                    source.copyRow(r, row, 0);
                    x.appendDenseRow(row, 0);
                }
                return new CsrBlock(x);
            }
            default -> throw new AssertionError(this);
        }
    }

    private double require(double value) {
        if (!Double.isFinite(value) || !holds(value)) {
            throw new IllegalArgumentException(
                    value + " cannot be stored as " + cliName() + ", which holds only " + holdsOnly());
        }
        return value;
    }
}
