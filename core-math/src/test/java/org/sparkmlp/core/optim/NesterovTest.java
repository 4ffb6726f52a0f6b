package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NesterovTest {
    private static final double TOL = 1e-15;

    @Test
    void stepsByGradientPlusDampedUpdatedVelocity() {
        UpdateRule nesterov = new Nesterov(0.9);
        double[][] slots = new double[1][2];
        double[] v = slots[0];
        double[] w = {1, 1};
        double[] g = {1, -2};

        // v1 = (1, −2);  g + 0.9 v1 = (1.9, −3.8);  w1 = (1, 1) − 0.1·(1.9, −3.8) = (0.81, 1.38)
        nesterov.apply(w, g, 0.1, 1, slots);
        assertArrayEquals(new double[] {1, -2}, v, TOL);
        assertArrayEquals(new double[] {0.81, 1.38}, w, TOL);

        // v2 = 0.9·(1, −2) + (1, −2) = (1.9, −3.8);  g + 0.9 v2 = (1 + 1.71, −2 − 3.42) = (2.71, −5.42);
        // w2 = (0.81, 1.38) − 0.1·(2.71, −5.42) = (0.539, 1.922)
        nesterov.apply(w, g, 0.1, 2, slots);
        assertArrayEquals(new double[] {1.9, -3.8}, v, TOL);
        assertArrayEquals(new double[] {0.539, 1.922}, w, TOL);

        // zero gradient: v3 = 0.9·(1.9, −3.8) = (1.71, −3.42);  g + 0.9 v3 = (1.539, −3.078);
        // w3 = (0.539, 1.922) − 0.1·(1.539, −3.078) = (0.3851, 2.2298)
        nesterov.apply(w, new double[] {0, 0}, 0.1, 3, slots);
        assertArrayEquals(new double[] {1.71, -3.42}, v, TOL);
        assertArrayEquals(new double[] {0.3851, 2.2298}, w, TOL);
    }

    @Test
    void rejectsBetaOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new Nesterov(1.5));
    }
}
