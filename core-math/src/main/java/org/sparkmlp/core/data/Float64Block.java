package org.sparkmlp.core.data;

import java.util.Objects;

/** Features stored as the doubles themselves, row after row: 8 bytes a feature, exact, read in place. */
public final class Float64Block extends FeatureBlock {
    private static final long serialVersionUID = 1L;

    private final double[] values;

    /** Wraps {@code values} (row after row, not copied). */
    public Float64Block(double[] values, int numFeatures) {
        super(Objects.requireNonNull(values, "values").length / Math.max(numFeatures, 1), numFeatures, values.length);
        this.values = values;
    }

    @Override
    public FeatureStorage storage() {
        return FeatureStorage.FLOAT64;
    }

    @Override
    public long bytes() {
        return (long) values.length * Double.BYTES;
    }

    @Override
    public void copyRow(int r, double[] x, int offset) {
        System.arraycopy(values, r * numFeatures(), x, offset, numFeatures());
    }

    @Override
    public void copyRow(int r, float[] x, int offset) {
        int d = numFeatures();
        for (int i = 0, from = r * d; i < d; i++) {
            x[offset + i] = (float) values[from + i];
        }
    }

    @Override
    public void copyRows(int from, int n, double[] x, int offset) {
        System.arraycopy(values, from * numFeatures(), x, offset, n * numFeatures());
    }

    @Override
    public double[] storedDoubles() {
        return values;
    }
}
