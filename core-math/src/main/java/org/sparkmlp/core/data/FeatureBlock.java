package org.sparkmlp.core.data;

import java.io.Serializable;

/**
 * The features of a block of rows as they are cached, in one {@link FeatureStorage} kind. Whatever the kind, row
 * {@code r} is read as the doubles that training computes with ({@link #copyRow}), so the kind decides how much
 * memory a cached row costs ({@link #bytes}), never which numbers backpropagation sees, except where the kind
 * rounded them when the block was packed (float32).
 */
public abstract class FeatureBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int numFeatures;

    /** A dense kind's block, holding {@code values} = size × numFeatures values. */
    FeatureBlock(int size, int numFeatures, long values) {
        this(size, numFeatures);
        if ((long) size * numFeatures != values) {
            throw new IllegalArgumentException(
                    "a block of " + size + " rows × " + numFeatures + " features cannot hold " + values + " values");
        }
    }

    /** A block of {@code size} rows of {@code numFeatures} features, however many values it stores. */
    FeatureBlock(int size, int numFeatures) {
        if (size < 0 || numFeatures <= 0) {
            throw new IllegalArgumentException(
                    "a block needs a size ≥ 0 and numFeatures > 0, got " + size + " and " + numFeatures);
        }
        this.size = size;
        this.numFeatures = numFeatures;
    }

    /** Rows. */
    public final int size() {
        return size;
    }

    public final int numFeatures() {
        return numFeatures;
    }

    public abstract FeatureStorage storage();

    /** Bytes of the block's own feature values as stored: its share of what the cache holds. */
    public abstract long bytes();

    /** Writes row {@code r}'s features, as doubles, to {@code x[offset, offset + numFeatures)}. */
    public abstract void copyRow(int r, double[] x, int offset);

    /**
     * Writes row {@code r}'s features rounded to FP32, {@code (float)} of what {@link #copyRow(int, double[], int)}
     * writes, to {@code x[offset, offset + numFeatures)}: the input of FP32 compute.
     */
    public abstract void copyRow(int r, float[] x, int offset);

    /** Writes rows {@code [from, from + n)} row after row to {@code x} from {@code offset}. */
    public void copyRows(int from, int n, double[] x, int offset) {
        for (int c = 0; c < n; c++) {
            copyRow(from + c, x, offset + c * numFeatures);
        }
    }

    /** All rows as doubles, row after row: a new array. */
    public final double[] toDoubles() {
        double[] x = new double[size * numFeatures];
        copyRows(0, size, x, 0);
        return x;
    }

    /** Receives a run of rows as doubles: rows {@code [from, from + n)} at {@code x[offset ..]}, row after row. */
    @FunctionalInterface
    public interface Run {
        void accept(double[] x, int offset, int from, int n);
    }

    /**
     * Hands all rows, {@code chunk} at a time and in order, to {@code run}: in place when the block stores doubles,
     * else converted into one buffer of {@code chunk} rows that every call reuses.
     */
    public final void inChunks(int chunk, Run run) {
        double[] stored = storedDoubles();
        double[] buffer = stored != null ? null : new double[Math.min(chunk, size) * numFeatures];
        for (int from = 0; from < size; from += chunk) {
            int n = Math.min(chunk, size - from);
            if (stored != null) {
                run.accept(stored, from * numFeatures, from, n);
            } else {
                copyRows(from, n, buffer, 0);
                run.accept(buffer, 0, from, n);
            }
        }
    }

    /**
     * The stored values when they are the doubles themselves (float64), row after row, so that a run of rows is a
     * minibatch matrix without a copy; null for every kind that is converted as it is read. Not copied.
     */
    public double[] storedDoubles() {
        return null;
    }
}
