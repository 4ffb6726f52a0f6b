package org.sparkmlp.core.data;

import java.util.Arrays;
import java.util.Objects;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * How raw features (or a regression network's real-valued targets) are transformed before they enter the network,
 * stored with a model so that prediction sees the same inputs as training: either nothing, or standardisation
 * x'_i = (x_i − mean_i) / stdDev_i, where a feature with zero spread keeps stdDev 1 (it is only centred).
 * Sparse data is scaled without centring (every mean 0, as Spark's {@code StandardScaler} does by default), so
 * that its zeros stay zeros: the same formula, so the model file and ONNX export describe it unchanged.
 */
public final class FeatureScaling implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private static final FeatureScaling NONE = new FeatureScaling(null, null);

    private final double[] mean;
    private final double[] stdDev;

    private FeatureScaling(double[] mean, double[] stdDev) {
        this.mean = mean;
        this.stdDev = stdDev;
    }

    /** The identity: features are used as read. */
    public static FeatureScaling none() {
        return NONE;
    }

    /**
     * Standardisation with the given per-feature statistics; zero standard deviations are replaced by 1.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold a non-finite or negative spread
     */
    public static FeatureScaling standardize(double[] mean, double[] stdDev) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(stdDev, "stdDev");
        if (mean.length != stdDev.length || mean.length == 0) {
            throw new IllegalArgumentException(
                    "standardisation needs one mean and one standard deviation per feature, got " + mean.length
                            + " and " + stdDev.length);
        }
        double[] spread = new double[stdDev.length];
        for (int i = 0; i < spread.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(stdDev[i]) || stdDev[i] < 0) {
                throw new IllegalArgumentException(
                        "feature " + i + " has mean " + mean[i] + " and standard deviation " + stdDev[i]);
            }
            spread[i] = stdDev[i] == 0 ? 1.0 : stdDev[i];
        }
        return new FeatureScaling(mean.clone(), spread);
    }

    /** Scaling without centring, x'_i = x_i / stdDev_i: standardisation with every mean 0. */
    public static FeatureScaling scaleOnly(double[] stdDev) {
        return standardize(new double[stdDev.length], stdDev);
    }

    public boolean isNone() {
        return mean == null;
    }

    /** Whether it subtracts a non-zero mean from some feature (and so would turn a sparse row dense). */
    public boolean centres() {
        if (mean == null) {
            return false;
        }
        for (double m : mean) {
            if (m != 0.0) {
                return true;
            }
        }
        return false;
    }

    /** Number of features it applies to; 0 for {@link #none()}, which fits any. */
    public int numFeatures() {
        return mean == null ? 0 : mean.length;
    }

    /** A copy of the means; empty for {@link #none()}. */
    public double[] mean() {
        return mean == null ? new double[0] : mean.clone();
    }

    /** A copy of the standard deviations (zeros already replaced by 1); empty for {@link #none()}. */
    public double[] stdDev() {
        return stdDev == null ? new double[0] : stdDev.clone();
    }

    /** Transforms {@code n} examples of {@code d} features, stored example after example from {@code offset}. */
    public void applyInPlace(double[] features, int offset, int n, int d) {
        if (mean == null) {
            return;
        }
        if (d != mean.length) {
            throw new IllegalArgumentException("the scaling is for " + mean.length + " features, the data has " + d);
        }
        for (int r = 0; r < n; r++) {
            int base = offset + r * d;
            for (int i = 0; i < d; i++) {
                features[base + i] = (features[base + i] - mean[i]) / stdDev[i];
            }
        }
    }

    /** The inverse of {@link #applyInPlace}: x_i = stdDev_i · x'_i + mean_i. */
    public void invertInPlace(double[] values, int offset, int n, int d) {
        if (mean == null) {
            return;
        }
        if (d != mean.length) {
            throw new IllegalArgumentException("the scaling is for " + mean.length + " values, the data has " + d);
        }
        for (int r = 0; r < n; r++) {
            int base = offset + r * d;
            for (int i = 0; i < d; i++) {
                values[base + i] = stdDev[i] * values[base + i] + mean[i];
            }
        }
    }

    /**
     * Transforms the stored values of sparse rows: each divided by its feature's spread, which is exactly
     * {@link #applyInPlace(double[], int, int, int)}'s (x − 0) / stdDev.
     *
     * @throws IllegalStateException if the scaling {@link #centres()}: the rows would no longer be sparse
     */
    public void applyInPlace(CsrMatrix x) {
        if (mean == null) {
            return;
        }
        if (x.columns() != mean.length) {
            throw new IllegalArgumentException(
                    "the scaling is for " + mean.length + " features, the data has " + x.columns());
        }
        if (centres()) {
            throw new IllegalStateException("a scaling that centres its features cannot keep sparse rows sparse");
        }
        int[] indices = x.indices();
        double[] values = x.values();
        for (int k = 0; k < x.nonZeros(); k++) {
            values[k] = values[k] / stdDev[indices[k]];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling other
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(stdDev, other.stdDev);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(stdDev);
    }

    @Override
    public String toString() {
        return mean == null
                ? "none"
                : (centres() ? "standardize(" : "scale without centring(") + mean.length + " features)";
    }
}
