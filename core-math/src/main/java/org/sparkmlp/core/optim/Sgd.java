package org.sparkmlp.core.optim;

import java.util.Map;

/** Plain gradient descent: w ← w − μ g. Keeps no state. */
public record Sgd() implements UpdateRule {

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public boolean lazy() {
        return true;
    }

    @Override
    public int slotCount() {
        return 0;
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Map.of();
    }

    @Override
    public void apply(double[] w, double[] g, double learningRate, long t, double[][] slots, int from, int to) {
        for (int i = from; i < to; i++) {
            w[i] -= learningRate * g[i];
        }
    }
}
