package org.sparkmlp.core.linalg;

/** Conversions between FP64 and FP32 arrays: rounding to the nearest FP32 value, and the exact widening back. */
public final class Float32 {
    private Float32() {}

    /** {@code to[k] = (float) from[k]} for k in [0, n). */
    public static void narrow(double[] from, float[] to, int n) {
        narrow(from, 0, to, n);
    }

    /** {@code to[k] = (float) from[k]} for k in [start, start + n). */
    public static void narrow(double[] from, int start, float[] to, int n) {
        for (int k = start; k < start + n; k++) {
            to[k] = (float) from[k];
        }
    }

    /** {@code to[toStart + k] = (float) from[fromStart + k]} for k in [0, n). */
    public static void narrow(double[] from, int fromStart, float[] to, int toStart, int n) {
        for (int k = 0; k < n; k++) {
            to[toStart + k] = (float) from[fromStart + k];
        }
    }

    /** A new FP32 array of {@code from}'s values rounded. */
    public static float[] narrow(double[] from) {
        float[] to = new float[from.length];
        narrow(from, to, from.length);
        return to;
    }

    /** {@code to[k] = from[k]} for k in [0, n), exactly. */
    public static void widen(float[] from, double[] to, int n) {
        widen(from, 0, to, n);
    }

    /** {@code to[k] = from[k]} for k in [start, start + n), exactly. */
    public static void widen(float[] from, int start, double[] to, int n) {
        for (int k = start; k < start + n; k++) {
            to[k] = from[k];
        }
    }

    /** {@code to[toStart + k] = from[fromStart + k]} for k in [0, n), exactly. */
    public static void widen(float[] from, int fromStart, double[] to, int toStart, int n) {
        for (int k = 0; k < n; k++) {
            to[toStart + k] = from[fromStart + k];
        }
    }
}
