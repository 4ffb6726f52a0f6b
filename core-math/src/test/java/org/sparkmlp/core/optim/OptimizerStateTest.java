package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.core.optim.LearningRateSchedule.Constant;
import org.sparkmlp.core.optim.LearningRateSchedule.CosineDecay;

class OptimizerStateTest {
    private static final int N = 3;
    private static final int SAVE_AT = 12;
    private static final int TOTAL = 30;

    static Stream<UpdateRule> rules() {
        return Stream.of(new Sgd(), new Momentum(0.9), new Nesterov(0.9), new Adam());
    }

    /** A gradient that depends on both w and t, so any lost state or iteration count shows. */
    private static void gradient(double[] w, long t, double[] g) {
        for (int i = 0; i < w.length; i++) {
            g[i] = (i + 1) * (w[i] - i) + Math.sin(t + i);
        }
    }

    private static void run(Optimizer opt, double[] w, int steps) {
        double[] g = new double[w.length];
        for (int s = 0; s < steps; s++) {
            gradient(w, opt.iterations(), g);
            opt.step(w, g);
        }
    }

    @ParameterizedTest
    @MethodSource("rules")
    void resumingFromSavedStateIsBitIdenticalToAnUninterruptedRun(UpdateRule rule) {
        Optimizer.Builder config = Optimizer.builder(rule, new CosineDecay(0.05, 0.001, 40))
                .weightDecay(1e-3)
                .clipNorm(2.0);

        Optimizer uninterrupted = config.build(N);
        double[] w = {0.5, -1, 2};
        run(uninterrupted, w, SAVE_AT);
        OptimizerState saved = uninterrupted.state();
        double[] wSaved = w.clone();
        run(uninterrupted, w, TOTAL - SAVE_AT); // keeps stepping after state(): the copy must not follow

        Optimizer resumed = config.build(N);
        resumed.restore(saved);
        for (double[] slot : saved.slots()) {
            Arrays.fill(slot, Double.NaN); // restore copied in: the optimizer must not see this
        }
        run(resumed, wSaved, TOTAL - SAVE_AT);

        assertEquals(TOTAL, resumed.iterations());
        assertArrayEquals(w, wSaved); // exact: compares bits
        assertEquals(uninterrupted.state().rule(), resumed.state().rule());
        assertArrayEquals(uninterrupted.state().slots(), resumed.state().slots());
    }

    @Test
    void stateNamesTheRuleAndHoldsItsSlots() {
        Optimizer opt = Optimizer.builder(new Adam(), new Constant(0.1)).build(N);
        opt.step(new double[N], new double[] {1, 2, 3});
        OptimizerState s = opt.state();
        assertEquals("adam", s.rule());
        assertEquals(1, s.iterations());
        assertEquals(2, s.slots().length);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, s.slots()[0], 1e-15); // m = (1 − β1)·g
    }

    @Test
    void restoringAnotherRulesStateFailsClearly() {
        OptimizerState momentumState =
                Optimizer.builder(new Momentum(0.9), new Constant(0.1)).build(N).state();
        Optimizer nesterov =
                Optimizer.builder(new Nesterov(0.9), new Constant(0.1)).build(N);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> nesterov.restore(momentumState));
        assertEquals("state was saved by rule 'momentum', this optimizer uses 'nesterov'", e.getMessage());
    }

    @Test
    void restoringStateOfAnotherLengthFailsClearly() {
        OptimizerState small =
                Optimizer.builder(new Adam(), new Constant(0.1)).build(N).state();
        Optimizer larger = Optimizer.builder(new Adam(), new Constant(0.1)).build(N + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> larger.restore(small));
        assertEquals("saved state vector 0 has 3 entries, this optimizer has 4 parameters", e.getMessage());
        assertEquals(0, larger.iterations());
    }

    @Test
    void restoringTheWrongNumberOfSlotsFailsClearly() {
        Optimizer adam = Optimizer.builder(new Adam(), new Constant(0.1)).build(N);
        OptimizerState oneSlot = new OptimizerState("adam", 5, new double[1][N]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(oneSlot));
        assertEquals("rule 'adam' keeps 2 state vectors, the saved state has 1", e.getMessage());
    }

    @Test
    void stateRejectsNegativeIterationsAndMissingSlots() {
        assertThrows(IllegalArgumentException.class, () -> new OptimizerState("sgd", -1, new double[0][]));
        assertThrows(NullPointerException.class, () -> new OptimizerState("adam", 0, new double[2][]));
    }
}
