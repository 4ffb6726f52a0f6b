package org.sparkmlp.job.spark;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.sparkmlp.core.network.GradientSum;

/**
 * The zeroed arrays that task results are read into ({@link GradientSumSerializer}), kept for the next iteration
 * once the driver is done with a result ({@link #recycle}): a result's gradient is written only in its runs, so it
 * is zeroed again in O(their length) instead of the O(P) of a new array, and the driver stops allocating two
 * P-long arrays an iteration (at P = 4 M, humongous objects that kept G1 collecting). Thread-safe: results are read
 * on Spark's task-result threads.
 */
public final class GradientArrays {
    /** Arrays kept at most: a few iterations' results of a handful of partitions. */
    private static final int KEPT = 8;

    private static final ConcurrentLinkedQueue<double[]> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SIZE = new AtomicInteger();

    private GradientArrays() {}

    /** A zeroed array of {@code length}: a recycled one if there is one of that length. */
    static double[] zeroed(int length) {
        for (double[] kept = FREE.poll(); kept != null; kept = FREE.poll()) {
            SIZE.decrementAndGet();
            if (kept.length == length) {
                return kept;
            }
        }
        return new double[length];
    }

    /**
     * Keeps the gradient array of a sum as read from the wire, zeroed, for a later result. The caller must not use
     * the sum after this. A sum that does not know where it is non-zero is left to the garbage collector.
     */
    public static void recycle(GradientSum sum) {
        if (SIZE.get() < KEPT && sum.zeroRuns()) {
            SIZE.incrementAndGet();
            FREE.offer(sum.gradient());
        }
    }

    /** Lets the kept arrays go (a run's end). */
    public static void clear() {
        while (FREE.poll() != null) {
            SIZE.decrementAndGet();
        }
    }
}
