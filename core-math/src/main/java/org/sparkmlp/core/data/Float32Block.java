package org.sparkmlp.core.data;

import java.util.Objects;

/**
 * Features rounded once to float when the block is packed, row after row: 4 bytes a feature, widened back to
 * double (exactly) as rows are read.
 */
public final class Float32Block extends FeatureBlock {
    private static final long serialVersionUID = 1L;

    private final float[] values;

    /** Wraps {@code values} (row after row, not copied). */
    public Float32Block(float[] values, int numFeatures) {
        super(Objects.requireNonNull(values, "values").length / Math.max(numFeatures, 1), numFeatures, values.length);
        this.values = values;
    }

    @Override
    public FeatureStorage storage() {
        return FeatureStorage.FLOAT32;
    }

    @Override
    public long bytes() {
        return (long) values.length * Float.BYTES;
    }

    @Override
    public void copyRow(int r, double[] x, int offset) {
        int d = numFeatures();
        int from = r * d;
        for (int i = 0; i < d; i++) {
            x[offset + i] = values[from + i];
        }
    }

    @Override
    public void copyRow(int r, float[] x, int offset) {
        System.arraycopy(values, r * numFeatures(), x, offset, numFeatures());
    }
}
