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
 * A dense minibatch touches every column.
 *
 * <p>It also keeps the parameters the last recorded minibatch's gradient can reach ({@link #lastRanges()}): a
 * {@linkplain org.sparkmlp.core.optim.UpdateRule#lazy() lazy} rule's step over them alone is its whole step, at
 * O(that minibatch's features × n(1) + the other layers). Not thread-safe.
 */
public final class ChangedParameters {
    private final int parameterCount;
    private final int columnCount;
    private final int columnLength;
    private final int firstLayerEnd;
    private final BitSet columns;
    private final BitSet lastColumns;
    private boolean everything;
    private boolean lastEverything;
    private final Ranges changed = new Ranges();
    private final Ranges last = new Ranges();

    private ChangedParameters(Topology topology) {
        this.parameterCount = topology.parameterCount();
        this.columnCount = topology.inputSize();
        this.columnLength = topology.size(1);
        this.firstLayerEnd = topology.layout().biasOffset(1);
        this.columns = new BitSet(topology.inputSize());
        this.lastColumns = new BitSet(topology.inputSize());
    }

    /**
     * What has changed as a run begins from {@code optimizer}'s state: the columns of W(1) where that state is not
     * +0.0 (a resumed run's), and all layers after the first; everything with weight decay.
     */
    public static ChangedParameters at(Topology topology, Optimizer optimizer) {
        ChangedParameters changed = new ChangedParameters(topology);
        if (optimizer.weightDecay() > 0) {
            changed.everything = true;
            changed.lastEverything = true;
            return changed;
        }
        for (int c = 0; c < topology.inputSize(); c++) {
            if (!optimizer.stateIsZero(c * changed.columnLength, (c + 1) * changed.columnLength)) {
                changed.columns.set(c);
            }
        }
        return changed;
    }

    /**
     * Before a step from {@code sum}: the columns where its gradient may be non-zero have changed, and are the last
     * minibatch's.
     */
    public void record(GradientSum sum) {
        if (everything) {
            return;
        }
        lastColumns.clear();
        if (!sum.markFirstLayerColumns(lastColumns, columnCount, columnLength)) {
            everything = true;
            lastEverything = true;
            changed.stale = true;
            last.stale = true;
            return;
        }
        last.stale = true;
        int before = columns.cardinality();
        columns.or(lastColumns);
        if (columns.cardinality() != before) {
            changed.stale = true;
        }
    }

    /** Whether every parameter may have changed. */
    public boolean isEverything() {
        return everything;
    }

    /** The changed parameters as {@link #rangeCount()} ranges {@code [r[2i], r[2i + 1])}, in index order. */
    public int[] ranges() {
        return changed.of(columns, everything).ranges;
    }

    /** How many ranges {@link #ranges()} holds. */
    public int rangeCount() {
        return changed.of(columns, everything).count;
    }

    /** How many parameters the ranges cover. */
    public int size() {
        return changed.of(columns, everything).size();
    }

    /**
     * The parameters the last recorded minibatch's gradient may be non-zero in, as {@link #lastRangeCount()} ranges
     * in index order: its columns of W(1) and all later layers (everything, when that is not known).
     */
    public int[] lastRanges() {
        return last.of(lastColumns, lastEverything).ranges;
    }

    /** How many ranges {@link #lastRanges()} holds. */
    public int lastRangeCount() {
        return last.of(lastColumns, lastEverything).count;
    }

    /** How many parameters {@link #lastRanges()} covers. */
    public int lastSize() {
        return last.of(lastColumns, lastEverything).size();
    }

    /** Parameter ranges [from, to) in pairs, rebuilt from a set of columns of W(1) when that set has changed. */
    private final class Ranges {
        private int[] ranges = new int[16];
        private int count;
        private boolean stale = true;

        Ranges of(BitSet set, boolean all) {
            if (!stale) {
                return this;
            }
            count = 0;
            if (all) {
                add(0, parameterCount);
            } else {
                for (int c = set.nextSetBit(0); c >= 0; ) {
                    int end = set.nextClearBit(c);
                    add(c * columnLength, end * columnLength);
                    c = set.nextSetBit(end);
                }
                add(firstLayerEnd, parameterCount);
            }
            stale = false;
            return this;
        }

        int size() {
            int size = 0;
            for (int r = 0; r < count; r++) {
                size += ranges[2 * r + 1] - ranges[2 * r];
            }
            return size;
        }

        private void add(int from, int to) {
            if (count > 0 && ranges[2 * count - 1] == from) {
                ranges[2 * count - 1] = to;
                return;
            }
            if (2 * count + 2 > ranges.length) {
                ranges = Arrays.copyOf(ranges, 2 * ranges.length);
            }
            ranges[2 * count] = from;
            ranges[2 * count + 1] = to;
            count++;
        }
    }
}
