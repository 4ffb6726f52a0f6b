package org.sparkmlp.core.train;

import java.util.Arrays;
import java.util.BitSet;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;

/**
 * The parameters that a run's steps may have moved since it began: every layer but the first, and the columns of
 * W(1) (one per input feature, n(1) entries each) that some minibatch's gradient has touched or whose optimizer
 * state was not zero when the run began. Every other column still holds its first values, and a step leaves it so
 * to the bit: its gradient is +0.0 and its state +0.0, and then SGD moves w by μ·0, momentum and Nesterov by
 * μ·(β·0 + 0), Adam by μ·0 / (√0 + ε), all +0.0, and w − (+0.0) is w (−0.0 included). With weight decay
 * (g + λw ≠ 0) every parameter moves, so everything has changed from the start.
 *
 * <p>With sparse features (hashed text, one-hot codes), most columns of W(1) belong to features that no minibatch
 * has held yet, so a step taken over {@link #ranges()} alone ({@link Optimizer#step(double[], double[], int[],
 * int)}), and parameters sent as what changed, cost O(the features seen × n(1)) instead of O(P).
 * A dense minibatch touches every column. Not thread-safe.
 */
public final class ChangedParameters {
    private final int parameterCount;
    private final int columnCount;
    private final int columnLength;
    private final int firstLayerEnd;
    private final BitSet columns;
    private boolean everything;
    /** The changed parameters as ranges [from, to), in pairs, in index order; rebuilt when the columns grow. */
    private int[] ranges = new int[16];

    private int rangeCount;
    private boolean rangesStale = true;

    private ChangedParameters(Topology topology) {
        this.parameterCount = topology.parameterCount();
        this.columnCount = topology.inputSize();
        this.columnLength = topology.size(1);
        this.firstLayerEnd = topology.layout().biasOffset(1);
        this.columns = new BitSet(topology.inputSize());
    }

    /**
     * What has changed as a run begins from {@code optimizer}'s state: the columns of W(1) where that state is not
     * +0.0 (a resumed run's), and all layers after the first; everything with weight decay.
     */
    public static ChangedParameters at(Topology topology, Optimizer optimizer) {
        ChangedParameters changed = new ChangedParameters(topology);
        if (optimizer.weightDecay() > 0) {
            changed.everything = true;
            return changed;
        }
        for (int c = 0; c < topology.inputSize(); c++) {
            if (!optimizer.stateIsZero(c * changed.columnLength, (c + 1) * changed.columnLength)) {
                changed.columns.set(c);
            }
        }
        return changed;
    }

    /** Before a step from {@code sum}: the columns where its gradient may be non-zero have changed. */
    public void record(GradientSum sum) {
        if (everything) {
            return;
        }
        int before = columns.cardinality();
        if (!sum.markFirstLayerColumns(columns, columnCount, columnLength)) {
            everything = true;
            rangesStale = true;
        } else if (columns.cardinality() != before) {
            rangesStale = true;
        }
    }

    /** Whether every parameter may have changed. */
    public boolean isEverything() {
        return everything;
    }

    /** The changed parameters as {@link #rangeCount()} ranges {@code [r[2i], r[2i + 1])}, in index order. */
    public int[] ranges() {
        rebuildRanges();
        return ranges;
    }

    /** How many ranges {@link #ranges()} holds. */
    public int rangeCount() {
        rebuildRanges();
        return rangeCount;
    }

    /** How many parameters the ranges cover. */
    public int size() {
        rebuildRanges();
        int size = 0;
        for (int r = 0; r < rangeCount; r++) {
            size += ranges[2 * r + 1] - ranges[2 * r];
        }
        return size;
    }

    private void rebuildRanges() {
        if (!rangesStale) {
            return;
        }
        rangeCount = 0;
        if (everything) {
            addRange(0, parameterCount);
        } else {
            for (int c = columns.nextSetBit(0); c >= 0; ) {
                int end = columns.nextClearBit(c);
                addRange(c * columnLength, end * columnLength);
                c = columns.nextSetBit(end);
            }
            addRange(firstLayerEnd, parameterCount);
        }
        rangesStale = false;
    }

    private void addRange(int from, int to) {
        if (rangeCount > 0 && ranges[2 * rangeCount - 1] == from) {
            ranges[2 * rangeCount - 1] = to;
            return;
        }
        if (2 * rangeCount + 2 > ranges.length) {
            ranges = Arrays.copyOf(ranges, 2 * ranges.length);
        }
        ranges[2 * rangeCount] = from;
        ranges[2 * rangeCount + 1] = to;
        rangeCount++;
    }
}
