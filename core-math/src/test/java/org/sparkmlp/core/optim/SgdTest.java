package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SgdTest {
    private static final double TOL = 1e-15;

    @Test
    void stepsAgainstTheGradientScaledByTheLearningRate() {
        UpdateRule sgd = new Sgd();
        double[][] slots = new double[sgd.slotCount()][];
        double[] w = {1, 2, 3};

        // w1 = w0 − 0.1 · (0.5, −1, 2) = (0.95, 2.1, 2.8)
        sgd.apply(w, new double[] {0.5, -1, 2}, 0.1, 1, slots);
        assertArrayEquals(new double[] {0.95, 2.1, 2.8}, w, TOL);

        // w2 = w1 − 0.01 · (1, 1, 1) = (0.94, 2.09, 2.79)
        sgd.apply(w, new double[] {1, 1, 1}, 0.01, 2, slots);
        assertArrayEquals(new double[] {0.94, 2.09, 2.79}, w, TOL);
    }

    @Test
    void keepsNoState() {
        assertEquals(0, new Sgd().slotCount());
    }
}
