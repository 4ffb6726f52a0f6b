package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LazyAdamTest {

    @Test
    void movesLikeAdamWhereTheGradientIsNonZeroAndLeavesTheRestAlone() {
        UpdateRule lazy = UpdateRule.named("lazy-adam", 0);
        UpdateRule adam = new Adam();
        double[] w = {0.5, -0.25, 0.125, 1};
        double[] wAdam = w.clone();
        double[][] slots = new double[2][4];
        double[][] adamSlots = new double[2][4];
        // t = 1: coordinates 0 and 2 hold a gradient, 1 holds +0.0 and 3 −0.0
        lazy.apply(w, new double[] {1, 0.0, -2, -0.0}, 0.1, 1, slots);
        adam.apply(wAdam, new double[] {1, 0.0, -2, -0.0}, 0.1, 1, adamSlots);
        assertEquals(wAdam[0], w[0], 0.0);
        assertEquals(wAdam[2], w[2], 0.0);
        assertArrayEquals(new double[] {-0.25, 1}, new double[] {w[1], w[3]}, 0.0);

        // t = 2: coordinate 0 has none, so it keeps w, m and v, where Adam decays m and v and moves w on
        double m0 = slots[0][0];
        double v0 = slots[1][0];
        double w0 = w[0];
        lazy.apply(w, new double[] {0, 3, 1, 0}, 0.1, 2, slots);
        adam.apply(wAdam, new double[] {0, 3, 1, 0}, 0.1, 2, adamSlots);
        assertEquals(w0, w[0], 0.0);
        assertEquals(m0, slots[0][0], 0.0);
        assertEquals(v0, slots[1][0], 0.0);
        assertTrue(wAdam[0] != w0, "Adam moves a coordinate whose gradient is 0 on its momentum");
        // coordinate 2 had a gradient at both steps: the same step as Adam's, t = 2 bias corrections included
        assertEquals(wAdam[2], w[2], 0.0);
        assertEquals(adamSlots[0][2], slots[0][2], 0.0);
        assertEquals(adamSlots[1][2], slots[1][2], 0.0);
        // coordinate 1's first gradient comes at t = 2: m = 0.1·3, v = 0.001·9, corrected by 1 − β^2
        assertEquals(0.1 * 3, slots[0][1], 1e-15);
        double mHat = 0.3 / (1 - 0.9 * 0.9);
        double vHat = 0.009 / (1 - 0.999 * 0.999);
        assertEquals(-0.25 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), w[1], 1e-15);
    }

    @Test
    void isLazyUnderItsOwnNameWithAdamsHyperparameters() {
        UpdateRule lazy = UpdateRule.named("Lazy-Adam", 0);
        assertEquals("lazy-adam", lazy.name());
        assertEquals(new Adam().hyperparameters(), lazy.hyperparameters());
        assertEquals(2, lazy.slotCount());
        assertTrue(lazy.lazy());
        assertTrue(new Sgd().lazy());
        assertFalse(new Adam().lazy());
        assertFalse(new Momentum(0.9).lazy());
        assertFalse(new Nesterov(0.9).lazy());
    }
}
