package org.sparkmlp.core.network;

import java.util.SplittableRandom;

/**
 * Seeded, deterministic starting parameters, drawn from the RNG seed (the original design's "random values"):
 * <ul>
 *   <li>ReLU layers: He normal, w ~ N(0, 2 / n(l−1));</li>
 *   <li>every other layer: Glorot uniform, w ~ U(−r, r) with r = √(6 / (n(l−1) + n(l)));</li>
 *   <li>biases 0.</li>
 * </ul>
 * The same seed gives the same vector on every JVM and platform.
 */
public final class Initializer {
    private Initializer() {}

    public static double[] initialize(Topology topology, long seed) {
        ParameterLayout layout = topology.layout();
        double[] w = new double[topology.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 1; l <= topology.depth(); l++) {
            int fanIn = topology.size(l - 1);
            int fanOut = topology.size(l);
            int from = layout.weightOffset(l);
            int to = from + fanIn * fanOut;
            if (topology.activation(l) == Activation.RELU) {
                double sd = Math.sqrt(2.0 / fanIn);
                for (int k = from; k < to; k++) {
                    w[k] = sd * gaussian(random);
                }
            } else {
                double r = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int k = from; k < to; k++) {
                    w[k] = random.nextDouble(-r, r);
                }
            }
        }
        return w;
    }

    /** Marsaglia's polar method: portable, unlike relying on a library's Gaussian generator. */
    private static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble(-1.0, 1.0);
            v = random.nextDouble(-1.0, 1.0);
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return u * Math.sqrt(-2.0 * Math.log(s) / s);
    }
}
