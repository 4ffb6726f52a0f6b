package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparkmlp.core.optim.LearningRateSchedule.Constant;
import org.sparkmlp.core.optim.LearningRateSchedule.CosineDecay;
import org.sparkmlp.core.optim.LearningRateSchedule.ExponentialDecay;
import org.sparkmlp.core.optim.LearningRateSchedule.StepDecay;

class LearningRateScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constantNeverChanges() {
        LearningRateSchedule s = new Constant(0.1);
        assertEquals(0.1, s.rate(0));
        assertEquals(0.1, s.rate(1_000_000));
    }

    @Test
    void stepDecayMultipliesByGammaEveryBlock() {
        LearningRateSchedule s = new StepDecay(0.8, 0.5, 10);
        assertEquals(0.8, s.rate(0)); // ⌊0/10⌋ = 0
        assertEquals(0.8, s.rate(9)); // ⌊9/10⌋ = 0
        assertEquals(0.4, s.rate(10)); // 0.8·0.5
        assertEquals(0.4, s.rate(19));
        assertEquals(0.2, s.rate(25)); // 0.8·0.5²
    }

    @Test
    void exponentialDecayMultipliesByGammaEveryIteration() {
        LearningRateSchedule half = new ExponentialDecay(2.0, 0.5);
        assertEquals(2.0, half.rate(0));
        assertEquals(1.0, half.rate(1));
        assertEquals(0.25, half.rate(3)); // 2·0.5³
        assertEquals(0.1 * 0.81, new ExponentialDecay(0.1, 0.9).rate(2), TOL);
    }

    @Test
    void cosineDecayFallsFromInitialToMinimumThenHolds() {
        LearningRateSchedule s = new CosineDecay(1.0, 0.1, 100);
        assertEquals(1.0, s.rate(0)); // cos 0 = 1
        assertEquals(0.1 + 0.45 * (1 + Math.sqrt(0.5)), s.rate(25), TOL); // cos(π/4) = √½ → ≈ 0.86820
        assertEquals(0.55, s.rate(50), TOL); // cos(π/2) = 0 → 0.1 + 0.45
        assertEquals(0.1, s.rate(100)); // cos π = −1
        assertEquals(0.1, s.rate(250)); // t clamped to T
    }

    @Test
    void rejectsInvalidArgumentsWithTheirNames() {
        assertRejected(() -> new Constant(0), "rate must be positive");
        assertRejected(() -> new Constant(Double.POSITIVE_INFINITY), "rate must be positive");
        assertRejected(() -> new StepDecay(-1, 0.5, 10), "initialRate must be positive");
        assertRejected(() -> new StepDecay(0.1, 1.5, 10), "gamma must be in (0, 1]");
        assertRejected(() -> new StepDecay(0.1, 0.5, 0), "everyIterations must be at least 1");
        assertRejected(() -> new ExponentialDecay(0.1, 0), "gamma must be in (0, 1]");
        assertRejected(() -> new CosineDecay(0.1, 0.2, 10), "minRate must be in [0, initialRate");
        assertRejected(() -> new CosineDecay(0.1, -0.01, 10), "minRate must be in [0, initialRate");
        assertRejected(() -> new CosineDecay(0.1, 0, 0), "totalIterations must be at least 1");
        assertRejected(() -> new Constant(0.1).rate(-1), "iteration must be non-negative");
    }

    @Test
    void gammaOfOneIsAllowed() {
        assertEquals(0.3, new ExponentialDecay(0.3, 1).rate(1000));
    }

    private static void assertRejected(Executable e, String messagePart) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
    }
}
