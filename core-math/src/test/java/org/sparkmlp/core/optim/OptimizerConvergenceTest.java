package org.sparkmlp.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.core.optim.LearningRateSchedule.Constant;
import org.sparkmlp.core.optim.LearningRateSchedule.ExponentialDecay;

/**
 * Every rule must minimise f(w) = ½ Σ aᵢ (wᵢ − cᵢ)², whose gradient is aᵢ (wᵢ − cᵢ). Distinct curvatures
 * aᵢ make a wrong sign or a mixed-up coordinate show.
 */
class OptimizerConvergenceTest {
    private static final double[] A = {1, 3, 10};
    private static final double[] C = {1, -2, 0.5};

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(Optimizer.builder(new Sgd(), new Constant(0.15)), 200),
                Arguments.of(Optimizer.builder(new Momentum(0.9), new Constant(0.02)), 1000),
                Arguments.of(Optimizer.builder(new Nesterov(0.9), new Constant(0.02)), 1000),
                // Adam's early steps are ≈ μ in size whatever the gradient, so μ decays to let it settle.
                Arguments.of(Optimizer.builder(new Adam(), new ExponentialDecay(0.1, 0.995)), 1000));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void minimisesAConvexQuadratic(Optimizer.Builder config, int steps) {
        Optimizer opt = config.build(A.length);
        double[] w = new double[A.length];
        double[] g = new double[A.length];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < w.length; i++) {
                g[i] = A[i] * (w[i] - C[i]);
            }
            opt.step(w, g);
        }
        assertArrayEquals(C, w, 1e-6);
    }
}
