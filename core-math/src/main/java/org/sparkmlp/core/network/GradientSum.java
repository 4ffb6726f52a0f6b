package org.sparkmlp.core.network;

import java.util.Arrays;
import java.util.BitSet;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * The sum over some examples of ∂C/∂w (in the {@link ParameterLayout}), of the cost C, and their count.
 * Sums from disjoint sets of examples combine by {@link #add}; the mean gradient is {@code gradient / count}.
 * This is what a worker sends back: summing, not averaging, keeps the combination exact and
 * independent of how the examples were split.
 *
 * <p>A sum {@linkplain #roundToFloat32() rounded to FP32} stays FP32: adding to it rounds every entry of the
 * result to FP32, which is FP32 addition, so such sums may travel as FP32 and still combine to the same bits
 * wherever they are added in the same order.
 *
 * <p>A sum made {@link #trackingColumns for sparse features} also remembers which columns of ∂C/∂W(1) its
 * backpropagation wrote (with sparse rows, those of the features present; every other column is zero), so that
 * {@link #reset} and {@link #skipUntouched} cost O(columns touched × n(1) + the other layers) instead of O(P).
 */
public final class GradientSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] gradient;
    private double lossSum;
    private long count;
    private boolean float32;
    /** The columns of W(1) that may be non-zero when tracking (else null: any entry may be). */
    private final BitSet touched;
    /** n(1), the entries of a column of W(1), which fills [0, n(0) n(1)) of the layout; 0 without tracking. */
    private final int columnLength;

    private final int firstLayerEnd;
    /** Whether every entry may be non-zero though tracking (a dense minibatch, or a sum added in). */
    private boolean allTouched;
    /** For a sum as received: the ranges outside which its gradient is zero, in pairs (else null: anywhere). */
    private int[] runs;

    private int runCount;

    public GradientSum(int parameterCount) {
        this(new double[parameterCount], 0, 0);
    }

    /** A sum received from elsewhere (e.g. deserialized); keeps {@code gradient} without copying. */
    public GradientSum(double[] gradient, double lossSum, long count) {
        this(gradient, lossSum, count, null, 0);
    }

    /**
     * A sum received from elsewhere in FP32, its gradient's values FP32 ones (widened exactly): an FP32 sum, as
     * {@link #roundToFloat32()} would make it, without the pass over P that rounding them again would cost. Keeps
     * {@code gradient} without copying.
     */
    public static GradientSum float32(double[] gradient, double lossSum, long count) {
        GradientSum sum = new GradientSum(gradient, lossSum, count);
        sum.float32 = true;
        return sum;
    }

    /**
     * A sum received from elsewhere whose gradient is zero outside the ranges {@code [runs[2i], runs[2i + 1])}, i <
     * {@code runCount} (as it was written: {@code GradientSumSerializer}), so that {@link #add adding} it costs
     * O(their length), not O(P). Keeps both arrays without copying.
     */
    public GradientSum(double[] gradient, double lossSum, long count, int[] runs, int runCount) {
        this.gradient = gradient;
        this.lossSum = lossSum;
        this.count = count;
        this.runs = runs;
        this.runCount = runCount;
        this.touched = null;
        this.columnLength = 0;
        this.firstLayerEnd = 0;
    }

    private GradientSum(Topology topology) {
        this.gradient = new double[topology.parameterCount()];
        this.touched = new BitSet(topology.inputSize());
        this.columnLength = topology.size(1);
        this.firstLayerEnd = topology.layout().biasOffset(1);
    }

    /**
     * An empty sum for {@code topology} that tracks the columns of ∂C/∂W(1) that {@link Backpropagation} and
     * {@link Float32Backpropagation} write into it: for a buffer that is reused across sparse minibatches.
     */
    public static GradientSum trackingColumns(Topology topology) {
        return new GradientSum(topology);
    }

    /** Σ ∂C/∂w, in the parameter layout; accumulated into by {@link Backpropagation}. */
    public double[] gradient() {
        return gradient;
    }

    public double lossSum() {
        return lossSum;
    }

    public long count() {
        return count;
    }

    /** Zeroes everything, keeping the buffer; the sum is FP64 again. Tracking, it zeroes what was touched. */
    public void reset() {
        if (touched == null || allTouched) {
            Arrays.fill(gradient, 0.0);
        } else {
            for (int c = touched.nextSetBit(0); c >= 0; ) {
                int end = touched.nextClearBit(c);
                Arrays.fill(gradient, c * columnLength, end * columnLength, 0.0);
                c = touched.nextSetBit(end);
            }
            Arrays.fill(gradient, firstLayerEnd, gradient.length, 0.0);
        }
        if (touched != null) {
            touched.clear();
            allTouched = false;
        }
        runs = null;
        lossSum = 0.0;
        count = 0;
        float32 = false;
    }

    /**
     * Zeroes the gradient of a sum as received in O(its runs), so that its array may hold another sum; returns
     * false, zeroing nothing, when the sum does not know where its gradient may be non-zero.
     */
    public boolean zeroRuns() {
        if (runs == null) {
            return false;
        }
        for (int r = 0; r < runCount; r++) {
            Arrays.fill(gradient, runs[2 * r], runs[2 * r + 1], 0.0);
        }
        return true;
    }

    /**
     * The first index at or after {@code k} whose entry may be non-zero: {@code k} itself unless it lies in a column
     * of W(1) that a tracking sum has not touched, else the start of the next touched stretch (or the length).
     */
    public int skipUntouched(int k) {
        if (touched == null || allTouched || k >= firstLayerEnd) {
            return k;
        }
        int column = k / columnLength;
        if (touched.get(column)) {
            return k;
        }
        int next = touched.nextSetBit(column);
        return next < 0 ? firstLayerEnd : next * columnLength;
    }

    /** Rounds Σ ∂C/∂w to the nearest FP32 values (the cost and the count stay exact) and keeps it FP32. */
    public GradientSum roundToFloat32() {
        if (runs != null) {
            for (int r = 0; r < runCount; r++) {
                for (int k = runs[2 * r]; k < runs[2 * r + 1]; k++) {
                    gradient[k] = (float) gradient[k];
                }
            }
        } else {
            for (int k = skipUntouched(0); k < gradient.length; k = skipUntouched(k + 1)) {
                gradient[k] = (float) gradient[k];
            }
        }
        float32 = true;
        return this;
    }

    /** Whether every entry of Σ ∂C/∂w is an FP32 value and sums into this one are rounded to FP32. */
    public boolean isFloat32() {
        return float32;
    }

    /** this ← this + other, each entry rounded to FP32 if this sum {@linkplain #isFloat32() is FP32}. */
    public GradientSum add(GradientSum other) {
        if (other.gradient.length != gradient.length) {
            throw new IllegalArgumentException(
                    "cannot add a gradient of " + other.gradient.length + " parameters to one of " + gradient.length);
        }
        if (other.count == 0) {
            return this; // an empty sum: its gradient is all zeros
        }
        touchAll();
        // this sum's non-zeros are now also where other's are: where both sums say, the union of their runs
        if (runs != null && other.runs != null) {
            int[] union = unionOfRuns(runs, runCount, other.runs, other.runCount);
            runCount = union.length / 2;
            runs = union;
        } else {
            runs = null;
        }
        // Over other's runs alone, the bits are the dense add's: outside them other holds +0.0, and x + (+0.0) is x
        // for every x but −0.0, which a sum never holds (it starts at +0.0, and x + y is −0.0 only if both are).
        if (other.runs == null) {
            addRange(other.gradient, 0, gradient.length);
        } else {
            for (int r = 0; r < other.runCount; r++) {
                addRange(other.gradient, other.runs[2 * r], other.runs[2 * r + 1]);
            }
        }
        lossSum += other.lossSum;
        count += other.count;
        return this;
    }

    /** The union of two lists of sorted, disjoint ranges, as one such list (exactly as long as it needs). */
    private static int[] unionOfRuns(int[] a, int aCount, int[] b, int bCount) {
        int[] union = new int[2 * (aCount + bCount)];
        int count = 0;
        for (int i = 0, j = 0; i < aCount || j < bCount; ) {
            boolean fromA = j == bCount || (i < aCount && a[2 * i] <= b[2 * j]);
            int from = fromA ? a[2 * i] : b[2 * j];
            int to = fromA ? a[2 * i++ + 1] : b[2 * j++ + 1];
            if (count > 0 && from <= union[2 * count - 1]) {
                union[2 * count - 1] = Math.max(union[2 * count - 1], to);
            } else {
                union[2 * count] = from;
                union[2 * count++ + 1] = to;
            }
        }
        return Arrays.copyOf(union, 2 * count);
    }

    /**
     * Sets in {@code columns} every column of W(1) (the layout's first {@code columnCount} × {@code columnLength}
     * entries, a column per input feature) where this sum's gradient may be non-zero, as far as it knows: from the
     * runs of a sum as received, from the columns a tracking sum's backpropagation touched. Returns false, setting
     * nothing, when it may be non-zero anywhere.
     */
    public boolean markFirstLayerColumns(BitSet columns, int columnCount, int columnLength) {
        if (runs != null) {
            int end = columnLength * columnCount;
            for (int r = 0; r < runCount && runs[2 * r] < end; r++) {
                columns.set(runs[2 * r] / columnLength, (Math.min(runs[2 * r + 1], end) - 1) / columnLength + 1);
            }
            return true;
        }
        if (touched != null && !allTouched) {
            columns.or(touched);
            return true;
        }
        return false;
    }

    /** gradient[from, to) ← gradient[from, to) + g[from, to), rounded to FP32 if this sum is FP32. */
    private void addRange(double[] g, int from, int to) {
        if (float32) {
            for (int k = from; k < to; k++) {
                gradient[k] = (float) (gradient[k] + g[k]);
            }
        } else {
            for (int k = from; k < to; k++) {
                gradient[k] += g[k];
            }
        }
    }

    /** Writes the mean gradient, Σ ∂C/∂w / count, into {@code out}. */
    public void meanGradientInto(double[] out) {
        meanGradientInto(out, 0, gradient.length);
    }

    /** Writes entries [from, to) of the mean gradient into {@code out[from, to)}. */
    public void meanGradientInto(double[] out, int from, int to) {
        if (count == 0) {
            throw new IllegalStateException("no examples were summed");
        }
        double inv = 1.0 / count;
        for (int k = from; k < to; k++) {
            out[k] = gradient[k] * inv;
        }
    }

    /** Writes the mean gradient's entries in the {@code rangeCount} ranges {@code [ranges[2i], ranges[2i + 1])}. */
    public void meanGradientInto(double[] out, int[] ranges, int rangeCount) {
        for (int r = 0; r < rangeCount; r++) {
            meanGradientInto(out, ranges[2 * r], ranges[2 * r + 1]);
        }
    }

    /** Mean cost per example. */
    public double meanLoss() {
        return lossSum / count;
    }

    /** Records that the first layer's gradient of rows [from, from + batch) of {@code x} is about to be added. */
    void touchColumns(CsrMatrix x, int from, int batch) {
        if (touched != null) {
            int[] features = x.indices();
            for (int k = x.rowStart(from), end = x.rowStart(from + batch); k < end; k++) {
                touched.set(features[k]);
            }
        }
    }

    /** Records that any entry may be about to change (a dense minibatch). */
    void touchAll() {
        allTouched = true;
    }

    void addLoss(double loss, int examples) {
        lossSum += loss;
        count += examples;
    }
}
