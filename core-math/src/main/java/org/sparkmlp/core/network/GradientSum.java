package org.sparkmlp.core.network;

/**
 * The sum over some examples of ∂C/∂w (in the {@link ParameterLayout}), of the cost C, and their count.
 * Sums from disjoint sets of examples combine by {@link #add}; the mean gradient is {@code gradient / count}.
 * This is what a worker sends back: summing, not averaging, keeps the combination exact and
 * independent of how the examples were split.
 */
public final class GradientSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] gradient;
    private double lossSum;
    private long count;

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

    /** Zeroes everything, keeping the buffer. */
    public void reset() {
        java.util.Arrays.fill(gradient, 0.0);
        lossSum = 0.0;
        count = 0;
    }

    /** this ← this + other. */
    public GradientSum add(GradientSum other) {
        if (other.gradient.length != gradient.length) {
            throw new IllegalArgumentException(
                    "cannot add a gradient of " + other.gradient.length + " parameters to one of " + gradient.length);
        }
        if (other.count == 0) {
            return this; // an empty sum: its gradient is all zeros
        }
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] += other.gradient[k];
        }
        lossSum += other.lossSum;
        count += other.count;
        return this;
    }

    /** Writes the mean gradient, Σ ∂C/∂w / count, into {@code out}. */
    public void meanGradientInto(double[] out) {
        if (count == 0) {
            throw new IllegalStateException("no examples were summed");
        }
        double inv = 1.0 / count;
        for (int k = 0; k < gradient.length; k++) {
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
