package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;

class BackpropagationTest {

    /**
     * A 2-2-1 sigmoid network with the quadratic cost, values worked out by hand (scalar formulas):
     * a(1) = W(1)x + b(1), z(1) = σ(a(1)), a(2) = W(2)z(1) + b(2), z(2) = σ(a(2)), C = (y − z(2))²,
     * δ(2) = 2(z(2) − y) z(2)(1 − z(2)), δ(1) = z(1)(1 − z(1)) ⊙ W(2)ᵀδ(2).
     */
    @Test
    void twoTwoOneNetworkMatchesHandComputedValues() {
        Topology topology = Topology.of(new int[] {2, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC);
        ParameterLayout layout = topology.layout();
        double[] w = new double[topology.parameterCount()];
        assertEquals(9, w.length);
        double[][] w1 = {{0.1, 0.2}, {0.3, 0.4}};
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 2; i++) {
                w[layout.weightIndex(1, j, i)] = w1[j][i];
            }
        }
        w[layout.biasOffset(1)] = 0.5;
        w[layout.biasOffset(1) + 1] = -0.5;
        w[layout.weightIndex(2, 0, 0)] = 0.6;
        w[layout.weightIndex(2, 0, 1)] = -0.7;
        w[layout.biasOffset(2)] = 0.2;

        Backpropagation backprop = new Backpropagation(topology);
        double[] x = {1.0, 2.0};
        int[] label = {0}; // one output unit: class 0 is y = (1)
        assertEquals(0.5465338779060033, backprop.forward(w, x, 0, 1)[0], 1e-15);

        GradientSum sum = new GradientSum(w.length);
        backprop.accumulateGradient(w, x, 0, Targets.classes(label), 0, 1, sum);
        assertEquals(0.20563152388696754, sum.lossSum(), 1e-15);
        double[] g = sum.gradient();
        double[][] gW1 = {{-0.026515382791508717, -0.053030765583017433}, {0.035996553622591174, 0.07199310724518235}};
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 2; i++) {
                assertEquals(gW1[j][i], g[layout.weightIndex(1, j, i)], 1e-15, "dC/dw(1)_" + j + i);
            }
        }
        assertEquals(-0.026515382791508717, g[layout.biasOffset(1)], 1e-15);
        assertEquals(0.035996553622591174, g[layout.biasOffset(1) + 1], 1e-15);
        assertEquals(-0.1643194433471709, g[layout.weightIndex(2, 0, 0)], 1e-15);
        assertEquals(-0.14512364389654234, g[layout.weightIndex(2, 0, 1)], 1e-15);
        assertEquals(-0.22476918833933063, g[layout.biasOffset(2)], 1e-15);
    }

    @Test
    void classicNetworkHasElevenThousandNineHundredThirtyFiveParameters() {
        Topology seed = Topology.parse("784-15-10", Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC);
        assertEquals(11_935, seed.parameterCount());
        Topology reference = Topology.parse("784-256-128-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, reference.parameterCount());
    }

    @Test
    void batchGradientIsTheSumOfPerExampleGradientsAndSplitsCombineExactly() {
        Topology topology = Topology.parse("6-5-4", Activation.TANH, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 3);
        SplittableRandom random = new SplittableRandom(5);
        int batch = 9;
        double[] x = random.doubles(6L * batch, -1, 1).toArray();
        int[] labels = random.ints(batch, 0, 4).toArray();
        Backpropagation backprop = new Backpropagation(topology);

        GradientSum whole = new GradientSum(w.length);
        backprop.accumulateGradient(w, x, 0, Targets.classes(labels), 0, batch, whole);
        GradientSum perExample = new GradientSum(w.length);
        for (int c = 0; c < batch; c++) {
            backprop.accumulateGradient(w, x, 6 * c, Targets.classes(labels), c, 1, perExample);
        }
        GradientSum left = new GradientSum(w.length);
        GradientSum right = new GradientSum(w.length);
        backprop.accumulateGradient(w, x, 0, Targets.classes(labels), 0, 4, left);
        backprop.accumulateGradient(w, x, 24, Targets.classes(labels), 4, 5, right);
        left.add(right);

        assertEquals(batch, perExample.count());
        assertEquals(whole.lossSum(), perExample.lossSum(), 1e-12);
        assertArrayEquals(whole.gradient(), perExample.gradient(), 1e-12);
        assertEquals(batch, left.count());
        assertArrayEquals(whole.gradient(), left.gradient(), 1e-12);
    }

    @Test
    void nativeAndJavaBackendsAgreeOnAnOffsetBatch() {
        Topology topology = Topology.parse("20-16-8-5", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 8);
        SplittableRandom random = new SplittableRandom(8);
        double[] x = random.doubles(20L * 40, 0, 1).toArray();
        int[] labels = random.ints(40, 0, 5).toArray();
        GradientSum best = new GradientSum(w.length);
        new Backpropagation(topology, Blas.get())
                .accumulateGradient(w, x, 20 * 7, Targets.classes(labels), 7, 30, best);
        GradientSum java = new GradientSum(w.length);
        new Backpropagation(topology, Blas.java())
                .accumulateGradient(w, x, 20 * 7, Targets.classes(labels), 7, 30, java);
        assertEquals(best.lossSum(), java.lossSum(), 1e-12);
        assertArrayEquals(best.gradient(), java.gradient(), 1e-12);
    }

    @Test
    void crossEntropyLossStaysFiniteForSaturatedOutputs() {
        Topology topology = Topology.parse("1-2", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = {1000.0, -1000.0, 0.0, 0.0}; // W = (1000, −1000)ᵀ, b = 0
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = new GradientSum(w.length);
        backprop.accumulateGradient(w, new double[] {1.0}, 0, Targets.classes(new int[] {1}), 0, 1, sum);
        assertEquals(2000.0, sum.lossSum(), 1e-9); // −log softmax = logsumexp(a) − a_1 = 1000 + 1000
    }

    @Test
    void invalidTopologiesAreRefusedWithTheReason() {
        IllegalArgumentException relu = assertThrows(
                IllegalArgumentException.class,
                () -> Topology.parse("4-3", Activation.RELU, Activation.RELU, Cost.CROSS_ENTROPY));
        assertEquals("cross-entropy cost needs a softmax or sigmoid output, not relu", relu.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Topology.parse("4-3-2", Activation.SOFTMAX, Activation.SOFTMAX, Cost.CROSS_ENTROPY));
        assertThrows(
                IllegalArgumentException.class,
                () -> Topology.parse("4-x-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY));
        assertThrows(
                IllegalArgumentException.class,
                () -> Topology.parse("4-0-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY));
    }

    @Test
    void wrongParameterCountIsRefused() {
        Topology topology = Topology.parse("3-2", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        Backpropagation backprop = new Backpropagation(topology);
        assertThrows(IllegalArgumentException.class, () -> backprop.forward(new double[5], new double[3], 0, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> backprop.accumulateGradient(
                        new double[8], new double[3], 0, Targets.classes(new int[1]), 0, 1, new GradientSum(5)));
    }

    @Test
    void batchReachingPastTheFeaturesIsRefusedNotReadOutOfBounds() {
        Topology topology = Topology.parse("3-2", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        Backpropagation backprop = new Backpropagation(topology);
        double[] w = new double[topology.parameterCount()];
        assertThrows(IndexOutOfBoundsException.class, () -> backprop.forward(w, new double[6], 3, 2));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> backprop.accumulateGradient(
                        w, new double[6], 0, Targets.classes(new int[2]), 0, 3, new GradientSum(w.length)));
    }
}
