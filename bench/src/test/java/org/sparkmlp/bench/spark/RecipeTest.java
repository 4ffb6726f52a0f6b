package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.TrainingConfig;

class RecipeTest {
    private static final int ROWS = 1000;

    /** Runs {@code steps} optimizer steps on zero gradients and returns the learning rate of the next one. */
    private static double rateAfter(Recipe recipe, TrainingConfig config, long steps) {
        Optimizer optimizer = recipe.optimizer(config, ROWS);
        double[] w = new double[recipe.topology().parameterCount()];
        double[] g = new double[w.length];
        for (long t = 0; t < steps; t++) {
            optimizer.step(w, g);
        }
        return optimizer.currentLearningRate();
    }

    @Test
    void theCosineScheduleFallsFromTheLearningRateToZeroOverTheWholeRun() {
        Recipe recipe = new Recipe("8-4-2", "adam", 0.003, "cosine", 1);
        TrainingConfig config = recipe.config(100, 3); // 10 iterations per epoch, 30 in all
        assertEquals(0.003, rateAfter(recipe, config, 0), 1e-15);
        assertEquals(0.0015, rateAfter(recipe, config, 15), 1e-12);
        assertEquals(0.0, rateAfter(recipe, config, 30), 1e-15);
        assertEquals("adam μ=0.003 cosine", recipe.optimizerLabel());
    }

    @Test
    void theConstantScheduleKeepsTheLearningRate() {
        Recipe recipe = new Recipe("8-4-2", "adam", 0.003, "constant", 1);
        assertEquals(0.003, rateAfter(recipe, recipe.config(100, 3), 30), 0);
        assertEquals("8-4-2, adam μ=0.003", recipe.toString());
    }

    @Test
    void anUnknownScheduleIsAnError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Recipe("8-4-2", "adam", 0.003, "linear", 1));
        assertTrue(e.getMessage().contains("'linear'"), e.getMessage());
    }
}
