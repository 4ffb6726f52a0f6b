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
 * Backpropagation against central-difference numeric gradients, FP64, with the features dense and as CSR rows
 * (the sparse first layer); a third of the features are 0.
 */
class GradientCheckTest {

    /** Every hidden × output activation × cost, dense and sparse, with class labels; quadratic also with real targets. */
    static List<Arguments> combinations() {
        List<Arguments> cases = new ArrayList<>();
        for (Cost cost : Cost.values()) {
            for (Activation output : Activation.values()) {
                if (!cost.supports(output)) {
                    continue;
                }
                for (Activation hidden : Activation.values()) {
                    if (hidden != Activation.SOFTMAX) {
                        for (boolean sparse : new boolean[] {false, true}) {
                            cases.add(Arguments.of(hidden, output, cost, sparse, false));
                            if (cost == Cost.QUADRATIC) {
                                cases.add(Arguments.of(hidden, output, cost, sparse, true));
                            }
                        }
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}, sparse {3}, real targets {4}")
    @MethodSource("combinations")
    void backpropagationMatchesCentralDifferences(
            Activation hidden, Activation output, Cost cost, boolean sparse, boolean real) {
        long seed = 31L * hidden.ordinal() + 7L * output.ordinal() + cost.ordinal() + (real ? 1000 : 0);
        SplittableRandom random = new SplittableRandom(seed);
        // a random small topology: 2–3 weight layers of 2–6 neurons
        int depth = 2 + random.nextInt(2);
        int[] sizes = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            sizes[l] = 2 + random.nextInt(5);
        }
        Topology topology = Topology.of(sizes, hidden, output, cost);
        double[] w = Initializer.initialize(topology, seed);
        for (int k = 0; k < w.length; k++) {
            w[k] += 0.1 * random.nextDouble(-1, 1); // non-zero biases too
        }
        int batch = 7;
        double[] x = new double[sizes[0] * batch];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextInt(3) == 0 ? 0.0 : random.nextDouble(-1, 1);
        }
        CsrMatrix csr = new CsrMatrix(sizes[0]);
        for (int c = 0; c < batch; c++) {
            csr.appendDenseRow(x, c * sizes[0]);
        }
        Features features = sparse ? new Features(null, csr) : new Features(x, null);
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

        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = new GradientSum(topology.parameterCount());
        if (sparse) {
            backprop.accumulateGradient(w, csr, 0, labels, 0, batch, sum);
        } else {
            backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
        }
        assertEquals(batch, sum.count());
        assertEquals(cost(backprop, w, features, labels, batch), sum.lossSum(), 1e-12 * Math.abs(sum.lossSum()));

        double[] numeric = new double[w.length];
        double eps = 1e-6;
        for (int k = 0; k < w.length; k++) {
            double saved = w[k];
            w[k] = saved + eps;
            double plus = cost(backprop, w, features, labels, batch);
            w[k] = saved - eps;
            double minus = cost(backprop, w, features, labels, batch);
            w[k] = saved;
            numeric[k] = (plus - minus) / (2 * eps);
        }
        double[] analytic = sum.gradient();
        double diff = 0;
        for (int k = 0; k < w.length; k++) {
            diff += (analytic[k] - numeric[k]) * (analytic[k] - numeric[k]);
        }
        double norm = Math.max(L2.norm(analytic), L2.norm(numeric));
        double relative = Math.sqrt(diff) / norm;
        assertTrue(norm > 1e-3, "gradient should not vanish in this check, norm " + norm);
        assertTrue(relative < 1e-6, topology + ": relative error " + relative);
    }

    /** The batch's features, either dense or sparse. */
    private record Features(double[] dense, CsrMatrix sparse) {}

    private static double cost(Backpropagation backprop, double[] w, Features x, Targets labels, int batch) {
        if (x.sparse() != null) {
            backprop.forward(w, x.sparse(), 0, batch);
        } else {
            backprop.forward(w, x.dense(), 0, batch);
        }
        return backprop.lossOfLastForward(labels, 0, batch);
    }
}
