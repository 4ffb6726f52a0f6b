package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ReLU's FP64 g ⊙ h′(a), computed without a branch, is the select {@code a > 0 ? g : +0} bit for bit: at the edges
 * of a (±0, subnormals, the largest doubles, infinities) and for g of either sign, zeros included.
 */
class ReluDerivativeTest {
    private static final double[] EDGES = {
        0.0,
        -0.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        -Double.MIN_NORMAL,
        1e-300,
        -1e-300,
        1.0,
        -1.0,
        1e300,
        -1e300,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };

    @Test
    void theBranchFreeDerivativeIsTheSelectToTheBit() {
        int rows = EDGES.length;
        int cols = 6;
        int n = rows * cols;
        double[] gradients = {0.0, -0.0, 0.5, -0.5, Double.MIN_VALUE, -Double.MAX_VALUE};
        SplittableRandom random = new SplittableRandom(5);
        double[] a = new double[n + 1000];
        double[] g = new double[a.length];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                a[c * rows + r] = EDGES[r];
                g[c * rows + r] = gradients[c];
            }
        }
        for (int k = n; k < a.length; k++) {
            a[k] = random.nextGaussian();
            g[k] = random.nextGaussian();
        }
        double[] z = new double[a.length];
        double[] gIn = g.clone();
        Activation.RELU.apply(a, z, 1, a.length);
        Activation.RELU.backpropagate(a, z, g, 1, a.length);
        for (int k = 0; k < a.length; k++) {
            double expected = a[k] > 0.0 ? gIn[k] : 0.0;
            int at = k;
            assertEquals(
                    Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(g[k]),
                    () -> "h′ at a = " + a[at] + ", g = " + gIn[at] + ": " + g[at]);
        }
    }
}
