package org.sparkmlp.core.data;

import java.util.Objects;

/**
 * Features stored as bytes k ∈ 0 … 255, row after row, and read as k / 255: one byte a feature. These are
 * exactly the doubles {@link IdxReader} makes of IDX pixels, so IDX data stored this way trains to the same bits
 * as stored as float64.
 */
public final class Uint8Block extends FeatureBlock {
    private static final long serialVersionUID = 1L;

    /** k / 255 for every byte k, computed as {@link IdxReader} computes it. */
    private static final double[] SCALED = new double[256];

    static {
        for (int k = 0; k < 256; k++) {
            SCALED[k] = k / 255.0;
        }
    }

    /** The same values rounded to FP32. */
    private static final float[] SCALED32 = new float[256];

    static {
        for (int k = 0; k < 256; k++) {
            SCALED32[k] = (float) SCALED[k];
        }
    }

    private final byte[] values;

    /** Wraps {@code values} (unsigned, row after row, not copied). */
    public Uint8Block(byte[] values, int numFeatures) {
        super(Objects.requireNonNull(values, "values").length / Math.max(numFeatures, 1), numFeatures, values.length);
        this.values = values;
    }

    /** The double that byte {@code k} (0 … 255) stands for: k / 255. */
    public static double scaled(int k) {
        return SCALED[k];
    }

    @Override
    public FeatureStorage storage() {
        return FeatureStorage.UINT8;
    }

    @Override
    public long bytes() {
        return values.length;
    }

    @Override
    public void copyRow(int r, double[] x, int offset) {
        int d = numFeatures();
        int from = r * d;
        for (int i = 0; i < d; i++) {
            x[offset + i] = SCALED[values[from + i] & 0xFF];
        }
    }

    @Override
    public void copyRow(int r, float[] x, int offset) {
        int d = numFeatures();
        int from = r * d;
        for (int i = 0; i < d; i++) {
            x[offset + i] = SCALED32[values[from + i] & 0xFF];
        }
    }
}
