package org.sparkmlp.core.linalg;

import java.util.Arrays;

/**
 * Examples with few non-zero features, in compressed sparse row form: row r (example r) has the value
 * {@code values[k]} at feature {@code indices[k]} for k in {@code [rowStart(r), rowStart(r + 1))}, features
 * ascending; every other feature is 0. Read as the network reads a dense block, rows [from, from + n) are the
 * n(0) × n input matrix X whose column c is example from + c, and the two products the first layer needs cost
 * O(non-zeros × m) instead of O(n(0) × n × m).
 *
 * <p>Rows are appended, so one instance is both a packed block and a reusable minibatch buffer that a gather
 * {@link #clear}s and refills; after warm-up, appending allocates nothing.
 */
public final class CsrMatrix implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int columns;
    private int rows;
    private int[] rowStart;
    private int[] indices;
    private double[] values;

    /** An empty matrix of rows with {@code columns} features. */
    public CsrMatrix(int columns) {
        this(columns, 16, 64);
    }

    /** An empty matrix with room for {@code rowCapacity} rows and {@code nonZeroCapacity} non-zeros. */
    public CsrMatrix(int columns, int rowCapacity, int nonZeroCapacity) {
        if (columns <= 0) {
            throw new IllegalArgumentException("a sparse matrix needs at least one column, got " + columns);
        }
        this.columns = columns;
        this.rowStart = new int[Math.max(rowCapacity, 0) + 1];
        this.indices = new int[Math.max(nonZeroCapacity, 0)];
        this.values = new double[indices.length];
    }

    /** Number of rows (examples). */
    public int rows() {
        return rows;
    }

    /** Number of columns (features), n(0). */
    public int columns() {
        return columns;
    }

    /** Number of stored entries. */
    public int nonZeros() {
        return rowStart[rows];
    }

    /** Position of row r's first entry in {@link #indices()} and {@link #values()}; {@code rowStart(rows())} ends. */
    public int rowStart(int r) {
        return rowStart[r];
    }

    /** Feature indices, row after row; valid up to {@link #nonZeros()}; not copied. */
    public int[] indices() {
        return indices;
    }

    /** Values, in the order of {@link #indices()}; not copied. */
    public double[] values() {
        return values;
    }

    /** Bytes of the arrays that hold the matrix, as allocated. */
    public long sizeInBytes() {
        return 4L * rowStart.length + 4L * indices.length + 8L * values.length;
    }

    /** Removes every row, keeping the buffers. */
    public void clear() {
        rows = 0;
    }

    /**
     * Appends a row whose non-zeros are {@code values[k]} at {@code indices[k]}, k in {@code [from, to)}.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, columns)} or does not ascend
     */
    public void appendRow(int[] indices, double[] values, int from, int to) {
        int previous = -1;
        for (int k = from; k < to; k++) {
            if (indices[k] <= previous || indices[k] >= columns) {
                throw new IllegalArgumentException("feature index " + indices[k]
                        + (indices[k] <= previous
                                ? " follows " + previous + "; indices must ascend"
                                : " is outside [0, " + columns + ")"));
            }
            previous = indices[k];
        }
        int start = reserve(to - from);
        System.arraycopy(indices, from, this.indices, start, to - from);
        System.arraycopy(values, from, this.values, start, to - from);
        rowStart[rows + 1] = start + to - from;
        rows++;
    }

    /** Appends row {@code r} of {@code source}, a matrix of as many columns. */
    public void appendRow(CsrMatrix source, int r) {
        if (source.columns != columns) {
            throw new IllegalArgumentException(
                    "a row of " + source.columns + " columns cannot join a matrix of " + columns);
        }
        int from = source.rowStart[r];
        int length = source.rowStart[r + 1] - from;
        int start = reserve(length);
        System.arraycopy(source.indices, from, indices, start, length);
        System.arraycopy(source.values, from, values, start, length);
        rowStart[rows + 1] = start + length;
        rows++;
    }

    /** Appends the non-zeros of the dense row {@code x[offset .. offset + columns)}. */
    public void appendDenseRow(double[] x, int offset) {
        int nonZeros = 0;
        for (int j = 0; j < columns; j++) {
            nonZeros += x[offset + j] != 0.0 ? 1 : 0;
        }
        int k = reserve(nonZeros);
        for (int j = 0; j < columns; j++) {
            if (x[offset + j] != 0.0) {
                indices[k] = j;
                values[k++] = x[offset + j];
            }
        }
        rowStart[rows + 1] = k;
        rows++;
    }

    /** The rows as a dense array, row after row (rows × columns values): for tests and small matrices. */
    public double[] toDense() {
        double[] x = new double[Math.multiplyExact(rows, columns)];
        for (int r = 0; r < rows; r++) {
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                x[r * columns + indices[k]] = values[k];
            }
        }
        return x;
    }

    /** A copy with buffers of exactly its size. */
    public CsrMatrix copy() {
        CsrMatrix copy = new CsrMatrix(columns, rows, nonZeros());
        System.arraycopy(rowStart, 0, copy.rowStart, 0, rows + 1);
        System.arraycopy(indices, 0, copy.indices, 0, nonZeros());
        System.arraycopy(values, 0, copy.values, 0, nonZeros());
        copy.rows = rows;
        return copy;
    }

    /** Shrinks the buffers to the matrix (for a block that is cached as it is). */
    public CsrMatrix trim() {
        rowStart = Arrays.copyOf(rowStart, rows + 1);
        indices = Arrays.copyOf(indices, nonZeros());
        values = Arrays.copyOf(values, nonZeros());
        return this;
    }

    /**
     * A ← A + W X, X being rows [from, from + n) as columns: W is m × columns, column-major from
     * {@code w[wOffset]}; A is m × n, column-major from {@code a[0]}. Column c of A gains
     * Σ_k x_k W(:, j_k) over example from + c's non-zeros (x_k at feature j_k).
     */
    public void addProduct(double[] w, int wOffset, int m, int from, int n, double[] a) {
        for (int c = 0; c < n; c++) {
            int ac = c * m;
            for (int k = rowStart[from + c]; k < rowStart[from + c + 1]; k++) {
                axpy(m, values[k], w, wOffset + indices[k] * m, a, ac);
            }
        }
    }

    /**
     * {@link #addProduct(double[], int, int, int, int, double[])} in FP32: W and A are floats, and each stored value
     * is rounded to float as it is read (the cache keeps one CSR kind, exact, for both precisions; the conversion is
     * one instruction per non-zero against the m multiply-adds it feeds).
     */
    public void addProduct(float[] w, int wOffset, int m, int from, int n, float[] a) {
        for (int c = 0; c < n; c++) {
            int ac = c * m;
            for (int k = rowStart[from + c]; k < rowStart[from + c + 1]; k++) {
                axpy(m, (float) values[k], w, wOffset + indices[k] * m, a, ac);
            }
        }
    }

    /**
     * G ← G + Δ Xᵀ, X being rows [from, from + n) as columns: Δ is m × n, column-major from {@code delta[0]};
     * G is m × columns, column-major from {@code g[gOffset]}. Only the columns of the features present change:
     * G(:, j_k) gains x_k Δ(:, c) for every non-zero x_k at feature j_k of example from + c.
     */
    public void addTransposedProduct(double[] delta, int m, int from, int n, double[] g, int gOffset) {
        for (int c = 0; c < n; c++) {
            int dc = c * m;
            for (int k = rowStart[from + c]; k < rowStart[from + c + 1]; k++) {
                axpy(m, values[k], delta, dc, g, gOffset + indices[k] * m);
            }
        }
    }

    /**
     * y ← y + αx over m entries. A loop the JIT vectorises: at the first layer's widths (tens to hundreds) a
     * BLAS call per non-zero would cost more in the call than in the arithmetic.
     */
    private static void axpy(int m, double alpha, double[] x, int xOffset, double[] y, int yOffset) {
        for (int i = 0; i < m; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    /** {@link #axpy(int, double, double[], int, double[], int)} in FP32. */
    private static void axpy(int m, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        for (int i = 0; i < m; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    /** Makes room for one more row of {@code length} entries and returns where they start. */
    private int reserve(int length) {
        if (rows + 2 > rowStart.length) {
            rowStart = Arrays.copyOf(rowStart, Math.max(2 * rowStart.length, rows + 2));
        }
        int start = rowStart[rows];
        int needed = Math.addExact(start, length);
        if (needed > indices.length) {
            int capacity = Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * indices.length));
            indices = Arrays.copyOf(indices, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        return start;
    }
}
