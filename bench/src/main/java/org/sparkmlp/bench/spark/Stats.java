package org.sparkmlp.bench.spark;

import java.util.Arrays;

/** Small statistics of repeated timings. */
final class Stats {
    private Stats() {}

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Median milliseconds of {@code repeats} runs of {@code action} after {@code warmup} unmeasured ones. */
    static double medianMillis(int warmup, int repeats, Runnable action) {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        return median(millis);
    }
}
