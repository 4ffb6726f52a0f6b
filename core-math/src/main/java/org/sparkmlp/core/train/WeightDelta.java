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
    private transient volatile int[] offsets;

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
        return of(run, version, changed.ranges(), changed.rangeCount(), w, float32);
    }

    /**
     * The parameters of {@code w} in the {@code rangeCount} ranges {@code [ranges[2i], ranges[2i + 1])}: with the
     * ranges a lazy rule's last step covered ({@link ChangedParameters#lastRanges()}), what that step changed.
     */
    public static WeightDelta of(long run, long version, int[] ranges, int rangeCount, double[] w, boolean float32) {
        int[] packedRanges = Arrays.copyOf(ranges, 2 * rangeCount);
        int size = 0;
        for (int r = 0; r < packedRanges.length; r += 2) {
            size += packedRanges[r + 1] - packedRanges[r];
        }
        double[] values = float32 ? null : new double[size];
        float[] values32 = float32 ? new float[size] : null;
        int k = 0;
        for (int r = 0; r < packedRanges.length; r += 2) {
            int length = packedRanges[r + 1] - packedRanges[r];
            if (float32) {
                Float32.narrow(w, packedRanges[r], values32, k, length);
            } else {
                System.arraycopy(w, packedRanges[r], values, k, length);
            }
            k += length;
        }
        return new WeightDelta(run, version, packedRanges, values, values32);
    }

    /** How many parameter values it holds. */
    public int size() {
        return values32 != null ? values32.length : values.length;
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
        applyFrom(w, 0);
    }

    /**
     * Writes the changed values at or after index {@code from} into {@code w} (widening FP32 ones): with
     * {@code from} the end of W(1), the other layers, which every example reads.
     */
    public void applyFrom(double[] w, int from) {
        int[] offsets = offsets();
        for (int r = firstRangeEndingAfter(from); r < ranges.length; r += 2) {
            int start = Math.max(ranges[r], from);
            copy(offsets[r / 2] + start - ranges[r], w, start, ranges[r + 1] - start);
        }
    }

    /** {@link #applyFrom(double[], int)} into FP32 parameters. */
    public void applyFrom(float[] w32, int from) {
        float[] packed = values32();
        int[] offsets = offsets();
        for (int r = firstRangeEndingAfter(from); r < ranges.length; r += 2) {
            int start = Math.max(ranges[r], from);
            System.arraycopy(packed, offsets[r / 2] + start - ranges[r], w32, start, ranges[r + 1] - start);
        }
    }

    /**
     * Writes the changed values of the entries [c·n, (c + 1)·n) for each c of {@code columns[from, to)} into
     * {@code w}: with n = n(1), the columns of W(1) of the features a sparse minibatch holds, the only ones of W(1)
     * its backpropagation reads. A column is changed all or not at all.
     */
    public void applyColumns(double[] w, int[] columns, int from, int to, int columnLength) {
        int[] offsets = offsets();
        for (int k = from; k < to; k++) {
            int start = columns[k] * columnLength;
            int r = rangeHolding(start);
            if (r >= 0) {
                copy(offsets[r / 2] + start - ranges[r], w, start, columnLength);
            }
        }
    }

    /** {@link #applyColumns(double[], int[], int, int, int)} into FP32 parameters. */
    public void applyColumns(float[] w32, int[] columns, int from, int to, int columnLength) {
        float[] packed = values32();
        int[] offsets = offsets();
        for (int k = from; k < to; k++) {
            int start = columns[k] * columnLength;
            int r = rangeHolding(start);
            if (r >= 0) {
                System.arraycopy(packed, offsets[r / 2] + start - ranges[r], w32, start, columnLength);
            }
        }
    }

    private void copy(int offset, double[] w, int start, int length) {
        if (values32 != null) {
            Float32.widen(values32, offset, w, start, length);
        } else {
            System.arraycopy(values, offset, w, start, length);
        }
    }

    private float[] values32() {
        if (values32 == null) {
            throw new IllegalStateException("FP32 parameters need a delta sent in FP32");
        }
        return values32;
    }

    /** The position in {@code ranges} of the range holding index {@code k}, or −1. */
    private int rangeHolding(int k) {
        int r = firstRangeEndingAfter(k);
        return r < ranges.length && ranges[r] <= k ? r : -1;
    }

    /** The position in {@code ranges} of the first range that ends after {@code k}: a binary search. */
    private int firstRangeEndingAfter(int k) {
        int low = 0;
        int high = ranges.length / 2;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ranges[2 * mid + 1] <= k) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return 2 * low;
    }

    /** Where each range's values start among the packed values; computed once where the delta is used. */
    private int[] offsets() {
        int[] o = offsets;
        if (o == null) {
            o = new int[ranges.length / 2];
            for (int r = 1; r < o.length; r++) {
                o[r] = o[r - 1] + ranges[2 * r - 1] - ranges[2 * r - 2];
            }
            offsets = o; // racing threads compute the same array
        }
        return o;
    }

    /** Writes the changed values, FP32 ones, into {@code w32} at their places. */
    public void applyTo(float[] w32) {
        applyFrom(w32, 0);
    }
}
