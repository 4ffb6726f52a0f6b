package org.sparkmlp.core.network;

/**
 * The sum over some examples of ∂C/∂w (in the {@link ParameterLayout}), of the cost C, and their count.
 * Sums from disjoint sets of examples combine by {@link #add}; the mean gradient is {@code gradient / count}.
 * This is what a worker sends back: summing, not averaging, keeps the combination exact and
 * independent of how the examples were split.
 *
 * <p>A sum {@linkplain #roundToFloat32() rounded to FP32} stays FP32: adding to it rounds every entry of the
 * result to FP32, which is FP32 addition, so such sums may travel as FP32 and still combine to the same bits
 * wherever they are added in the same order.
 */
public final class GradientSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] gradient;
    private double lossSum;
    private long count;
    private boolean float32;

    public GradientSum(int parameterCount) {
        this.gradient = new double[parameterCount];
    }

    /** A sum received from elsewhere (e.g. deserialized); keeps {@code gradient} without copying. */
    public GradientSum(double[] gradient, double lossSum, long count) {
        this.gradient = gradient;
        this.lossSum = lossSum;
        this.count = count;
    }

    /** Σ ∂C/∂w, in the parameter layout; accumulated into by {@link Backpropagation}. */
    public double[] gradient() {
        return gradient;
    }

    public double lossSum() {
        return lossSum;
    }

    public long count() {
        return count;
    }

    /** Zeroes everything, keeping the buffer; the sum is FP64 again. */
    public void reset() {
        java.util.Arrays.fill(gradient, 0.0);
        lossSum = 0.0;
        count = 0;
        float32 = false;
    }

    /** Rounds Σ ∂C/∂w to the nearest FP32 values (the cost and the count stay exact) and keeps it FP32. */
    public GradientSum roundToFloat32() {
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] = (float) gradient[k];
        }
        float32 = true;
        return this;
    }

    /** Whether every entry of Σ ∂C/∂w is an FP32 value and sums into this one are rounded to FP32. */
    public boolean isFloat32() {
        return float32;
    }

    /** this ← this + other, each entry rounded to FP32 if this sum {@linkplain #isFloat32() is FP32}. */
    public GradientSum add(GradientSum other) {
        if (other.gradient.length != gradient.length) {
            throw new IllegalArgumentException(
                    "cannot add a gradient of " + other.gradient.length + " parameters to one of " + gradient.length);
        }
        if (other.count == 0) {
            return this; // an empty sum: its gradient is all zeros
        }
        if (float32) {
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] = (float) (gradient[k] + other.gradient[k]);
            }
        } else {
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] += other.gradient[k];
            }
        }
        lossSum += other.lossSum;
        count += other.count;
        return this;
    }

    /** Writes the mean gradient, Σ ∂C/∂w / count, into {@code out}. */
    public void meanGradientInto(double[] out) {
        meanGradientInto(out, 0, gradient.length);
    }

    /** Writes entries [from, to) of the mean gradient into {@code out[from, to)}. */
    public void meanGradientInto(double[] out, int from, int to) {
        if (count == 0) {
            throw new IllegalStateException("no examples were summed");
        }
        double inv = 1.0 / count;
        for (int k = from; k < to; k++) {
            out[k] = gradient[k] * inv;
        }
    }

    /** Mean cost per example. */
    public double meanLoss() {
        return lossSum / count;
    }

    void addLoss(double loss, int examples) {
        lossSum += loss;
        count += examples;
    }
}
