package org.sparkmlp.core.optim;

import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015):
 * m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; m̂ = m / (1−β1^t); v̂ = v / (1−β2^t);
 * w ← w − μ m̂ / (√v̂ + ε).
 *
 * <p>Two slots: {m, v}. The step count t is the optimizer's iteration count, so it is not stored
 * separately.
 */
public record Adam(double beta1, double beta2, double epsilon) implements UpdateRule {

    public Adam {
        Rules.checkDecay("beta1", beta1);
        Rules.checkDecay("beta2", beta2);
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
    }

    /** The usual defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam() {
        this(0.9, 0.999, 1e-8);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public int slotCount() {
        return 2;
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Map.of("beta1", beta1, "beta2", beta2, "epsilon", epsilon);
    }

    @Override
    public void apply(double[] w, double[] g, double learningRate, long t, double[][] slots, int from, int to) {
        apply(w, g, learningRate, t, slots, new int[] {from, to}, 1);
    }

    /** The bias corrections once for all the ranges: with sparse features there are many short ones. */
    @Override
    public void apply(
            double[] w, double[] g, double learningRate, long t, double[][] slots, int[] ranges, int rangeCount) {
        apply(w, g, learningRate, t, slots, ranges, rangeCount, false);
    }

    /** The step over the ranges; {@code lazy}: only where g ≠ 0 ({@link LazyAdam}). */
    void apply(
            double[] w,
            double[] g,
            double learningRate,
            long t,
            double[][] slots,
            int[] ranges,
            int rangeCount,
            boolean lazy) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        for (int r = 0; r < rangeCount; r++) {
            apply(w, g, learningRate, slots, biasCorrection1, biasCorrection2, ranges[2 * r], ranges[2 * r + 1], lazy);
        }
    }

    private void apply(
            double[] w,
            double[] g,
            double learningRate,
            double[][] slots,
            double biasCorrection1,
            double biasCorrection2,
            int from,
            int to,
            boolean lazy) {
        double[] m = slots[0];
        double[] v = slots[1];
        for (int i = from; i < to; i++) {
            if (lazy && g[i] == 0) {
                continue;
            }
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double mHat = m[i] / biasCorrection1;
            double vHat = v[i] / biasCorrection2;
            w[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }
}
