package org.sparkmlp.core.network;

/** Euclidean norms for the gradient tests' relative errors. */
final class L2 {
    private L2() {}

    static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** ‖a − b‖₂. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }
}
