package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Activation}'s FP32 forms against its FP64 forms on the same FP32 values: h(a) is the FP64 value rounded
 * to FP32, exactly; g ⊙ h′ is exact for ReLU and identity (a mask), for sigmoid and tanh within FP32 rounding of
 * g (h′ ≤ 1 is computed from the rounded z).
 * The values include ±0, the smallest subnormals and large magnitudes, where a mask trick would break first.
 */
class ActivationFloat32Test {
    private static final float[] EDGES = {
        0.0f,
        -0.0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        2 * Float.MIN_VALUE,
        1e-30f,
        -1e-30f,
        1.0f,
        -1.0f,
        30.0f,
        -30.0f,
        1e30f,
        -1e30f,
        Float.MAX_VALUE,
        -Float.MAX_VALUE
    };

    @ParameterizedTest
    @EnumSource(
            value = Activation.class,
            names = {"SOFTMAX"},
            mode = EnumSource.Mode.EXCLUDE)
    void float32FormsAreTheFloat64FormsRounded(Activation h) {
        int rows = 7;
        int cols = 40;
        int n = rows * cols;
        SplittableRandom random = new SplittableRandom(13);
        float[] a32 = new float[n];
        float[] g32 = new float[n];
        for (int k = 0; k < n; k++) {
            a32[k] = k < EDGES.length ? EDGES[k] : (float) random.nextGaussian(0, 3);
            g32[k] = (float) random.nextGaussian(); // never ±0: a zero's sign is not part of the promise
        }
        double[] a = widen(a32);
        double[] z = new double[n];
        double[] g = widen(g32);
        double[] gIn = widen(g32);
        float[] z32 = new float[n];
        h.apply(a, z, rows, cols);
        h.apply(a32, z32, rows, cols);
        h.backpropagate(a, z, g, rows, cols);
        h.backpropagate(z32, g32, rows, cols);
        double tolerance = h == Activation.RELU || h == Activation.IDENTITY ? 0 : 3 * 0x1p-24;
        for (int k = 0; k < n; k++) {
            float ak = a32[k];
            assertEquals((float) z[k], z32[k], 0.0f, () -> h + " of " + ak);
            assertEquals(g[k], g32[k], tolerance * Math.abs(gIn[k]), () -> h + "′ at " + ak);
        }
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = x[k];
        }
        return y;
    }
}
