package org.sparkmlp.core.optim;

import java.util.Map;

/**
 * Heavy-ball momentum in PyTorch's convention: v ← β v + g; w ← w − μ v.
 *
 * <p>The velocity accumulates raw gradients and μ is applied on the way out (rather than
 * v ← β v − μ g), so a changing learning rate rescales the whole step at once. One slot: {v}.
 */
public record Momentum(double beta) implements UpdateRule {

    public Momentum {
        Rules.checkDecay("beta", beta);
    }

    @Override
    public String name() {
        return "momentum";
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
            w[i] -= learningRate * v[i];
        }
    }
}
