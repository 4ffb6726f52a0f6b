package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MomentumTest {
    private static final double TOL = 1e-15;

    @Test
    void accumulatesVelocityThenStepsByLearningRateTimesVelocity() {
        UpdateRule momentum = new Momentum(0.9);
        double[][] slots = new double[1][2];
        double[] v = slots[0];
        double[] w = {1, 1};
        double[] g = {1, -2};

        // v1 = 0.9·0 + g = (1, −2);  w1 = (1, 1) − 0.1·(1, −2) = (0.9, 1.2)
        momentum.apply(w, g, 0.1, 1, slots);
        assertArrayEquals(new double[] {1, -2}, v, TOL);
        assertArrayEquals(new double[] {0.9, 1.2}, w, TOL);

        // v2 = 0.9·(1, −2) + (1, −2) = (1.9, −3.8);  w2 = (0.9, 1.2) − 0.1·(1.9, −3.8) = (0.71, 1.58)
        momentum.apply(w, g, 0.1, 2, slots);
        assertArrayEquals(new double[] {1.9, -3.8}, v, TOL);
        assertArrayEquals(new double[] {0.71, 1.58}, w, TOL);

        // zero gradient, it coasts: v3 = 0.9·(1.9, −3.8) = (1.71, −3.42);
        // w3 = (0.71, 1.58) − 0.1·(1.71, −3.42) = (0.539, 1.922)
        momentum.apply(w, new double[] {0, 0}, 0.1, 3, slots);
        assertArrayEquals(new double[] {1.71, -3.42}, v, TOL);
        assertArrayEquals(new double[] {0.539, 1.922}, w, TOL);
    }

    @Test
    void rejectsBetaOutsideUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Momentum(1.0));
        assertTrue(e.getMessage().contains("beta must be in [0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Momentum(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(Double.NaN));
    }
}
