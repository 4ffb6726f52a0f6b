package org.sparkmlp.core.data;

import java.util.Locale;

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
        return switch (this) {
            case FLOAT64 -> new Float64Block(values, numFeatures);
            case FLOAT32 -> {
                float[] x = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    x[i] = (float) require(values[i]);
                }
                yield new Float32Block(x, numFeatures);
            }
            case SPARSE -> CsrBlock.of(values, numFeatures);
            case UINT8 -> {
                byte[] x = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    x[i] = (byte) Math.rint(require(values[i]) * 255);
                }
                yield new Uint8Block(x, numFeatures);
            }
        };
    }

    /** The rows of {@code block} in this kind: {@code block} itself if it is of this kind already. */
    public FeatureBlock pack(FeatureBlock block) {
        if (block.storage() == this) {
            return block;
        }
        return pack(block.toDoubles(), block.numFeatures());
    }

    private double require(double value) {
        if (!Double.isFinite(value) || !holds(value)) {
            throw new IllegalArgumentException(
                    value + " cannot be stored as " + cliName() + ", which holds only " + holdsOnly());
        }
        return value;
    }
}
