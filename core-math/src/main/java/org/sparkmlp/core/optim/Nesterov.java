package org.sparkmlp.core.optim;

import java.util.Map;

/**
 * Nesterov momentum in PyTorch's {@code nesterov=True} form: v ← β v + g; w ← w − μ (g + β v).
 *
 * <p>The step looks one velocity update ahead, without needing the gradient at a shifted point.
 * One slot: {v}.
 */
public record Nesterov(double beta) implements UpdateRule {

    public Nesterov {
        Rules.checkDecay("beta", beta);
    }

    @Override
    public String name() {
        return "nesterov";
    }

    @Override
    public int slotCount() {
        return 1;
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Map.of("beta", beta);
    }

    @Override
    public void apply(double[] w, double[] g, double learningRate, long t, double[][] slots, int from, int to) {
        double[] v = slots[0];
        for (int i = from; i < to; i++) {
            v[i] = beta * v[i] + g[i];
            w[i] -= learningRate * (g[i] + beta * v[i]);
        }
    }
}
