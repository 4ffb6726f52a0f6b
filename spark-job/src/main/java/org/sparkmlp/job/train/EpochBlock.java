package org.sparkmlp.job.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.sparkmlp.core.train.EpochOrder;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * A partition's rows rearranged into the order in which one epoch visits them: row r of the block is
 * visited at epoch position {@code positions[r]}, ascending. The block's members of minibatch t — the
 * rows at positions [tB, (t+1)B) — are then one contiguous run, found by binary search and handed to
 * backpropagation as a minibatch matrix without a copy. Built once per epoch per partition, so an
 * iteration costs O(log n + rows in the minibatch), never a scan of the partition.
 */
public final class EpochBlock {
    private final long[] positions;
    private final double[] features;
    private final int[] labels;
    private final int numFeatures;

    private EpochBlock(long[] positions, double[] features, int[] labels, int numFeatures) {
        this.positions = positions;
        this.features = features;
        this.labels = labels;
        this.numFeatures = numFeatures;
    }

    /** The rows of {@code block} in the order of {@code order}; shares the block's arrays when that is its own order. */
    public static EpochBlock of(LabeledBlock block, EpochOrder order) {
        if (!block.hasLabels()) {
            throw new IllegalArgumentException("training needs labelled rows");
        }
        int d = block.numFeatures();
        if (order.isIdentity()) {
            return new EpochBlock(block.rows(), block.features(), block.labels(), d);
        }
        int n = block.size();
        long[] rows = block.rows();
        long[] position = new long[n];
        for (int r = 0; r < n; r++) {
            position[r] = order.positionOf(rows[r]);
        }
        int[] byPosition = sortedIndices(position, order.size());
        long[] positions = new long[n];
        double[] features = new double[block.features().length];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int r = byPosition[k];
            positions[k] = position[r];
            System.arraycopy(block.features(), r * d, features, k * d, d);
            labels[k] = block.labels()[r];
        }
        return new EpochBlock(positions, features, labels, d);
    }

    /** Indices r ordered by {@code key[r]} (distinct keys in [0, keyBound)), by a primitive sort when they pack. */
    private static int[] sortedIndices(long[] key, long keyBound) {
        int n = key.length;
        int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        int keyBits = 64 - Long.numberOfLeadingZeros(Math.max(1, keyBound - 1));
        if (indexBits + keyBits > 63) {
            return IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(r -> key[r]))
                    .mapToInt(Integer::intValue).toArray();
        }
        long[] packed = new long[n];
        for (int r = 0; r < n; r++) {
            packed[r] = key[r] << indexBits | r;
        }
        Arrays.sort(packed);
        int[] order = new int[n];
        long mask = (1L << indexBits) - 1;
        for (int k = 0; k < n; k++) {
            order[k] = (int) (packed[k] & mask);
        }
        return order;
    }

    public int size() {
        return positions.length;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The first row whose epoch position is ≥ {@code position} (size() if none). */
    public int firstAtOrAfter(long position) {
        int found = Arrays.binarySearch(positions, position);
        return found >= 0 ? found : -found - 1;
    }

    /** Features, row after row, in epoch order; not copied. */
    public double[] features() {
        return features;
    }

    /** Labels in epoch order; not copied. */
    public int[] labels() {
        return labels;
    }
}
