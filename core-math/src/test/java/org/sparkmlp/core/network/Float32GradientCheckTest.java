package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * {@link Float32Backpropagation} against central differences of its own FP32 cost, and against FP64
 * {@link Backpropagation} on the same FP32 parameters and inputs, for every activation × cost, with the features
 * dense and as CSR rows (the sparse first layer).
 */
class Float32GradientCheckTest {
    /** FP32's unit roundoff, 2^−24. */
    private static final double U = 0x1p-24;

    /** The features {@code x} also as {@code sparse}, CSR rows of the same values (a third of them zero). */
    private record Problem(Topology topology, float[] w, float[] x, CsrMatrix sparse, Targets labels, int batch) {
        double[] w64() {
            double[] w64 = new double[w.length];
            for (int k = 0; k < w.length; k++) {
                w64[k] = w[k];
            }
            return w64;
        }

        double[] x64() {
            double[] x64 = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                x64[k] = x[k];
            }
            return x64;
        }
    }

    /**
     * Every hidden × output activation × cost with class labels; quadratic also with real targets; each with dense
     * and with sparse features.
     */
    static List<Arguments> combinations() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean sparse : new boolean[] {false, true}) {
            for (Cost cost : Cost.values()) {
                for (Activation output : Activation.values()) {
                    for (Activation hidden : Activation.values()) {
                        if (cost.supports(output) && hidden != Activation.SOFTMAX) {
                            cases.add(Arguments.of(hidden, output, cost, false, sparse));
                            if (cost == Cost.QUADRATIC) {
                                cases.add(Arguments.of(hidden, output, cost, true, sparse));
                            }
                        }
                    }
                }
            }
        }
        return cases;
    }

    /**
     * The step is h = 2^−13. The FP32 cost is rounded to a few u·|C| (u = 2^−24), so each difference quotient
     * carries about u·|C|/h ≈ 5e−4·|C| of noise, while truncation, O(h²), is negligible; steps of 2^−12 and more
     * cross ReLU kinks. 2e−3 of the gradient's norm covers the noise three times over (measured: at most 6.7e−4);
     * a wrong term (a missing h′, a transposed product) is off by O(1).
     */
    @ParameterizedTest(name = "{0} hidden, {1} output, {2}, real targets {3}, sparse {4}")
    @MethodSource("combinations")
    void float32GradientMatchesCentralDifferencesOfTheFloat32Cost(
            Activation hidden, Activation output, Cost cost, boolean real, boolean sparse) {
        Problem p = problem(hidden, output, cost, real);
        Float32Backpropagation backprop = new Float32Backpropagation(p.topology());
        GradientSum sum = new GradientSum(p.topology().parameterCount());
        if (sparse) {
            backprop.accumulateGradient(p.w(), p.sparse(), 0, p.labels(), 0, p.batch(), sum);
        } else {
            backprop.accumulateGradient(p.w(), p.x(), 0, p.labels(), 0, p.batch(), sum);
        }
        assertEquals(p.batch(), sum.count());
        assertEquals(cost(backprop, p, sparse), sum.lossSum(), 0.0);

        float h = 0x1p-13f;
        float[] w = p.w();
        double[] numeric = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            float saved = w[k];
            w[k] = saved + h;
            double plus = cost(backprop, p, sparse);
            w[k] = saved - h;
            double minus = cost(backprop, p, sparse);
            w[k] = saved;
            numeric[k] = (plus - minus) / (2.0 * h);
        }
        double relative = L2.distance(sum.gradient(), numeric) / L2.norm(numeric);
        assertTrue(L2.norm(numeric) > 1e-3, "gradient should not vanish in this check, norm " + L2.norm(numeric));
        assertTrue(relative < 2e-3, p.topology() + ": relative error " + relative);
    }

    /**
     * On the same FP32 parameters and inputs the two paths differ only by FP32 rounding: every entry of the
     * products, nonlinearities and δ's carries a relative error of a few u, compounded over at most three layers and
     * sums of a few dozen terms; 16·u of the gradient's norm bounds it (measured: at most 3·u).
     */
    @ParameterizedTest(name = "{0} hidden, {1} output, {2}, real targets {3}, sparse {4}")
    @MethodSource("combinations")
    void float32AndFloat64GradientsAgreeWithinFloat32Rounding(
            Activation hidden, Activation output, Cost cost, boolean real, boolean sparse) {
        Problem p = problem(hidden, output, cost, real);
        GradientSum sum32 = new GradientSum(p.topology().parameterCount());
        Float32Backpropagation backprop32 = new Float32Backpropagation(p.topology());
        if (sparse) {
            backprop32.accumulateGradient(p.w(), p.sparse(), 0, p.labels(), 0, p.batch(), sum32);
        } else {
            backprop32.accumulateGradient(p.w(), p.x(), 0, p.labels(), 0, p.batch(), sum32);
        }
        GradientSum sum64 = new GradientSum(p.topology().parameterCount());
        new Backpropagation(p.topology()).accumulateGradient(p.w64(), p.x64(), 0, p.labels(), 0, p.batch(), sum64);

        double relative = L2.distance(sum32.gradient(), sum64.gradient()) / L2.norm(sum64.gradient());
        assertTrue(relative < 16 * U, p.topology() + ": relative difference " + relative);
        assertEquals(sum64.lossSum(), sum32.lossSum(), 16 * U * Math.abs(sum64.lossSum()));
    }

    private static Problem problem(Activation hidden, Activation output, Cost cost, boolean real) {
        long seed = 31L * hidden.ordinal() + 7L * output.ordinal() + cost.ordinal() + (real ? 1000 : 0);
        SplittableRandom random = new SplittableRandom(seed);
        // a random small topology: 2–3 weight layers of 2–6 neurons
        int depth = 2 + random.nextInt(2);
        int[] sizes = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            sizes[l] = 2 + random.nextInt(5);
        }
        Topology topology = Topology.of(sizes, hidden, output, cost);
        double[] w64 = Initializer.initialize(topology, seed);
        float[] w = new float[w64.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (w64[k] + 0.1 * random.nextDouble(-1, 1)); // non-zero biases too
        }
        int batch = 7;
        float[] x = new float[sizes[0] * batch];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextInt(3) == 0 ? 0 : (float) random.nextDouble(-1, 1);
        }
        CsrMatrix sparse = new CsrMatrix(sizes[0]);
        double[] row = new double[sizes[0]];
        for (int c = 0; c < batch; c++) {
            for (int i = 0; i < sizes[0]; i++) {
                row[i] = x[c * sizes[0] + i];
            }
            sparse.appendDenseRow(row, 0);
        }
        Targets labels;
        if (real) {
            // real targets on a scale other than the outputs', so the residuals are far from zero
            double[] y = new double[topology.outputSize() * batch];
            for (int k = 0; k < y.length; k++) {
                y[k] = random.nextDouble(-3, 3);
            }
            labels = Targets.values(y, topology.outputSize());
        } else {
            int[] classes = new int[batch];
            for (int c = 0; c < batch; c++) {
                classes[c] = random.nextInt(topology.outputSize());
            }
            labels = Targets.classes(classes);
        }
        return new Problem(topology, w, x, sparse, labels, batch);
    }

    private static double cost(Float32Backpropagation backprop, Problem p, boolean sparse) {
        if (sparse) {
            backprop.forward(p.w(), p.sparse(), 0, p.batch());
        } else {
            backprop.forward(p.w(), p.x(), 0, p.batch());
        }
        return backprop.lossOfLastForward(p.labels(), 0, p.batch());
    }
}
