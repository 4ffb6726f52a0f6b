package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparkmlp.core.optim.LearningRateSchedule.Constant;
import org.sparkmlp.core.optim.LearningRateSchedule.ExponentialDecay;

class OptimizerTest {
    private static final double TOL = 1e-15;

    @Test
    void eachStepUsesTheScheduleAtTheIterationsDoneSoFar() {
        Optimizer opt =
                Optimizer.builder(new Sgd(), new ExponentialDecay(1.0, 0.5)).build(1);
        double[] w = {0};
        assertEquals(1.0, opt.currentLearningRate());

        // μ(0) = 1, μ(1) = 0.5, μ(2) = 0.25 with g = 1: w = −1, −1.5, −1.75
        opt.step(w, new double[] {1});
        assertEquals(-1.0, w[0]);
        assertEquals(1, opt.iterations());
        assertEquals(0.5, opt.currentLearningRate());
        opt.step(w, new double[] {1});
        assertEquals(-1.5, w[0]);
        opt.step(w, new double[] {1});
        assertEquals(-1.75, w[0]);
        assertEquals(3, opt.iterations());
        assertEquals(0.125, opt.currentLearningRate());
    }

    @Test
    void theRuleSeesAOneBasedStepCount() {
        Optimizer opt = Optimizer.builder(new Adam(), new Constant(0.1)).build(2);
        double[] w = {0, 0};

        // Adam's bias correction at t = 1 makes the first step exactly μ·g/(|g| + ε); at t = 2 it would not.
        opt.step(w, new double[] {1, -2});
        assertArrayEquals(new double[] {-0.1 / (1 + 1e-8), 0.1 * 2 / (2 + 1e-8)}, w, TOL);
    }

    @Test
    void weightDecayAddsLambdaTimesWeightsToTheGradient() {
        Optimizer opt =
                Optimizer.builder(new Sgd(), new Constant(0.1)).weightDecay(0.5).build(2);
        double[] w = {2, -4};
        double[] g = {1, 1};

        // g' = g + 0.5·w = (1 + 1, 1 − 2) = (2, −1);  w1 = (2, −4) − 0.1·(2, −1) = (1.8, −3.9)
        opt.step(w, g);
        assertArrayEquals(new double[] {2, -1}, g, TOL); // the caller's buffer is overwritten, as documented
        assertArrayEquals(new double[] {1.8, -3.9}, w, TOL);
    }

    @Test
    void clippingRescalesALargeGradientToTheMaximumNorm() {
        Optimizer opt =
                Optimizer.builder(new Sgd(), new Constant(1)).clipNorm(1).build(2);
        double[] w = {0, 0};
        double[] g = {3, 4};

        // ‖g‖ = 5 > 1, so g' = (3, 4)·1/5 = (0.6, 0.8);  w1 = −g'
        opt.step(w, g);
        assertArrayEquals(new double[] {0.6, 0.8}, g, TOL);
        assertArrayEquals(new double[] {-0.6, -0.8}, w, TOL);
    }

    @Test
    void clippingLeavesASmallGradientUntouched() {
        Optimizer opt =
                Optimizer.builder(new Sgd(), new Constant(1)).clipNorm(10).build(2);
        double[] w = {0, 0};
        double[] g = {3, 4};

        opt.step(w, g); // ‖g‖ = 5 ≤ 10
        assertArrayEquals(new double[] {3, 4}, g);
        assertArrayEquals(new double[] {-3, -4}, w);
    }

    @Test
    void clippingSeesOnlyTheDataGradientNotTheWeightDecay() {
        Optimizer opt = Optimizer.builder(new Sgd(), new Constant(1))
                .clipNorm(1)
                .weightDecay(1)
                .build(2);
        double[] w = {1, 0};

        // clip first: (3, 4) → (0.6, 0.8); then decay: + 1·(1, 0) = (1.6, 0.8);  w1 = (1, 0) − (1.6, 0.8).
        // (Decay first would give (4, 4), clipped to (√½, √½).)
        opt.step(w, new double[] {3, 4});
        assertArrayEquals(new double[] {-0.6, -0.8}, w, TOL);
    }

    @Test
    void rejectsVectorsOfTheWrongLength() {
        Optimizer opt = Optimizer.builder(new Sgd(), new Constant(1)).build(3);
        assertRejected(() -> opt.step(new double[2], new double[3]), "w has 2 entries, this optimizer has 3");
        assertRejected(() -> opt.step(new double[3], new double[4]), "g has 4 entries, this optimizer has 3");
        assertEquals(0, opt.iterations());
    }

    @Test
    void builderRejectsInvalidSettings() {
        Optimizer.Builder b = Optimizer.builder(new Sgd(), new Constant(1));
        assertRejected(() -> b.weightDecay(-1e-4), "weightDecay must be non-negative");
        assertRejected(() -> b.clipNorm(0), "clipNorm must be positive");
        assertRejected(() -> b.build(0), "numParameters must be positive");
    }

    private static void assertRejected(Executable e, String messagePart) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
    }

    @Test
    void aStepInPartsIsTheWholeStepToTheBitAndCanBeUndone() {
        for (UpdateRule rule : new UpdateRule[] {new Sgd(), new Momentum(0.9), new Nesterov(0.9), new Adam()}) {
            Optimizer whole = Optimizer.builder(rule, new ExponentialDecay(0.01, 0.9))
                    .weightDecay(1e-3)
                    .build(7);
            Optimizer inParts = Optimizer.builder(rule, new ExponentialDecay(0.01, 0.9))
                    .weightDecay(1e-3)
                    .build(7);
            double[] w = {0.3, -1.2, 0.7, 2.5, -0.01, 1e-4, -3};
            double[] w2 = w.clone();
            for (int iteration = 0; iteration < 4; iteration++) {
                double[] g = new double[w.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.sin(3.1 * i + iteration) * (i + 1);
                }
                double[] g2 = g.clone();
                whole.step(w, g);
                double[] wBefore = w2.clone();
                // a failed attempt: two of three parts taken, then undone
                inParts.stepPart(w2, g2.clone(), 4, 7);
                inParts.stepPart(w2, g2.clone(), 0, 2);
                inParts.undoParts(w2);
                assertArrayEquals(wBefore, w2, 0.0, rule.name());
                // the parts in another order than the parameters'
                inParts.stepPart(w2, g2, 4, 7);
                inParts.stepPart(w2, g2, 0, 2);
                inParts.stepPart(w2, g2, 2, 4);
                inParts.endStep();
                assertArrayEquals(w, w2, 0.0, rule.name() + ", iteration " + iteration);
            }
            assertEquals(whole.iterations(), inParts.iterations());
            for (int slot = 0; slot < rule.slotCount(); slot++) {
                assertArrayEquals(whole.state().slots()[slot], inParts.state().slots()[slot], 0.0, rule.name());
            }
        }
    }

    @Test
    void clippingNeedsTheWholeGradient() {
        Optimizer clipped =
                Optimizer.builder(new Sgd(), new Constant(0.1)).clipNorm(1).build(2);
        assertFalse(clipped.stepsInParts());
        assertThrows(IllegalStateException.class, () -> clipped.stepPart(new double[2], new double[2], 0, 2));
    }
}
