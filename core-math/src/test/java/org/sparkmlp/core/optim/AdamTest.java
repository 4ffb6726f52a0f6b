package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdamTest {
    private static final double TOL = 1e-15;
    private static final double EPS = 1e-8;

    @Test
    void firstTwoStepsMatchHandComputation() {
        UpdateRule adam = new Adam(); // β1 = 0.9, β2 = 0.999, ε = 1e-8
        double[][] slots = new double[2][2];
        double[] m = slots[0];
        double[] v = slots[1];
        double[] w = {0, 0};

        // t = 1, g = (1, −2):
        // m1 = 0.1·g = (0.1, −0.2);  v1 = 0.001·g² = (0.001, 0.004);
        // m̂ = m1 / 0.1 = g;  v̂ = v1 / 0.001 = g²;  so each coordinate moves by μ·g/(|g| + ε) ≈ μ·sign(g):
        // w1 = (−0.1/(1 + ε), 0.1·2/(2 + ε)) ≈ (−0.099999999, 0.0999999995)
        adam.apply(w, new double[] {1, -2}, 0.1, 1, slots);
        assertArrayEquals(new double[] {0.1, -0.2}, m, TOL);
        assertArrayEquals(new double[] {0.001, 0.004}, v, TOL);
        double[] w1 = {-0.1 / (1 + EPS), 0.1 * 2 / (2 + EPS)};
        assertArrayEquals(w1, w, TOL);

        // t = 2, g = (3, −2):
        // m2 = 0.9·(0.1, −0.2) + 0.1·(3, −2) = (0.39, −0.38)
        // v2 = 0.999·(0.001, 0.004) + 0.001·(9, 4) = (0.009999, 0.007996)
        // 1 − β1² = 0.19;  1 − β2² = 0.001999
        // m̂ = (0.39/0.19, −0.38/0.19) = (39/19, −2) ≈ (2.0526315789, −2)
        // v̂ = (0.009999/0.001999, 0.007996/0.001999) = (9999/1999, 4) ≈ (5.0020010005, 4)
        // w2 = w1 − 0.1·(39/19 / (√(9999/1999) + ε), −2/(2 + ε)) ≈ (−0.1917781105, 0.199999999)
        adam.apply(w, new double[] {3, -2}, 0.1, 2, slots);
        assertArrayEquals(new double[] {0.39, -0.38}, m, TOL);
        assertArrayEquals(new double[] {0.009999, 0.007996}, v, TOL);
        double[] w2 = {w1[0] - 0.1 * (39.0 / 19) / (Math.sqrt(9999.0 / 1999) + EPS), w1[1] + 0.1 * 2 / (2 + EPS)};
        assertArrayEquals(w2, w, TOL);
        assertEquals(-0.1917781105, w[0], 1e-10);
        assertEquals(0.199999999, w[1], 1e-10);
    }

    @Test
    void firstStepIsLearningRateTimesSignWhateverTheGradientScale() {
        UpdateRule adam = new Adam();
        double[] w = {0, 0};
        // |Δw| = μ·|g|/(|g| + ε): within μ·ε/|g| of μ
        adam.apply(w, new double[] {1e-3, -1e4}, 0.01, 1, new double[2][2]);
        assertEquals(-0.01, w[0], 0.01 * 1e-5);
        assertEquals(0.01, w[1], 0.01 * 1e-11);
    }

    @Test
    void defaultsAreTheUsualOnes() {
        assertEquals(new Adam(0.9, 0.999, 1e-8), new Adam());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 1.0, 1e-8));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 0.999, 0));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(-0.1, 0.999, 1e-8));
    }
}
