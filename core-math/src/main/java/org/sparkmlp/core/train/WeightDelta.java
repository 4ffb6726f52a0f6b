package org.sparkmlp.core.train;

import java.io.Serializable;
import java.util.Arrays;
import org.sparkmlp.core.linalg.Float32;

/**
 * One iteration's parameters as a distributed trainer may send them with sparse rows: the values of the parameters that
 * may have changed since the run's base broadcast ({@link ChangedParameters}), packed, in FP64 or FP32. The base
 * overwritten by them is the iteration's w, because every other parameter still holds its value of the base.
 * The receiver keeps the base and overwrites a copy of it with each delta.
 */
public final class WeightDelta implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long run;
    private final long version;
    private final int[] ranges;
    private final double[] values;
    private final float[] values32;

    private WeightDelta(long run, long version, int[] ranges, double[] values, float[] values32) {
        this.run = run;
        this.version = version;
        this.ranges = ranges;
        this.values = values;
        this.values32 = values32;
    }

    /**
     * The changed parameters of {@code w}, in FP64 ({@code float32} false) or rounded to FP32.
     *
     * @param run     which run's base they complete
     * @param version how many deltas the run has made before, so that an older one is recognised
     */
    public static WeightDelta of(long run, long version, ChangedParameters changed, double[] w, boolean float32) {
        int[] ranges = Arrays.copyOf(changed.ranges(), 2 * changed.rangeCount());
        int size = changed.size();
        double[] values = float32 ? null : new double[size];
        float[] values32 = float32 ? new float[size] : null;
        int k = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            int length = ranges[r + 1] - ranges[r];
            if (float32) {
                Float32.narrow(w, ranges[r], values32, k, length);
            } else {
                System.arraycopy(w, ranges[r], values, k, length);
            }
            k += length;
        }
        return new WeightDelta(run, version, ranges, values, values32);
    }

    /** Which run's base this delta completes. */
    public long run() {
        return run;
    }

    /** How many deltas its run made before this one. */
    public long version() {
        return version;
    }

    /** Writes the changed values into {@code w} at their places, widening FP32 ones. */
    public void applyTo(double[] w) {
        int k = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            int length = ranges[r + 1] - ranges[r];
            if (values32 != null) {
                Float32.widen(values32, k, w, ranges[r], length);
            } else {
                System.arraycopy(values, k, w, ranges[r], length);
            }
            k += length;
        }
    }

    /** Writes the changed values, FP32 ones, into {@code w32} at their places. */
    public void applyTo(float[] w32) {
        if (values32 == null) {
            throw new IllegalStateException("FP32 parameters need a delta sent in FP32");
        }
        int k = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            int length = ranges[r + 1] - ranges[r];
            System.arraycopy(values32, k, w32, ranges[r], length);
            k += length;
        }
    }
}
