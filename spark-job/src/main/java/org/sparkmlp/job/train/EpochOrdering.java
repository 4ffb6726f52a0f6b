package org.sparkmlp.job.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.sparkmlp.core.train.EpochOrder;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * Where one partition's rows fall in one epoch's order: the block's rows sorted by their epoch position. The
 * block's members of minibatch t — the rows at positions [tB, (t+1)B) — are then the run [first, end) of this
 * ordering, found by binary search, so an iteration costs O(log n + rows in the minibatch), never a scan of the
 * partition. It holds 12 bytes per row and no copy of the features: in the dataset's own order the run is
 * already contiguous in the block, otherwise its rows are gathered per minibatch.
 */
final class EpochOrdering {
    private final long[] positions;
    /** Block row of the k-th position, or null when that is k itself (the dataset's own order). */
    private final int[] rows;

    private EpochOrdering(long[] positions, int[] rows) {
        this.positions = positions;
        this.rows = rows;
    }

    static EpochOrdering of(LabeledBlock block, EpochOrder order) {
        if (order.isIdentity()) {
            return new EpochOrdering(block.rows(), null);
        }
        int n = block.size();
        long[] position = new long[n];
        for (int r = 0; r < n; r++) {
            position[r] = order.positionOf(block.rows()[r]);
        }
        int[] rows = sortedIndices(position, order.size());
        long[] positions = new long[n];
        for (int k = 0; k < n; k++) {
            positions[k] = position[rows[k]];
        }
        return new EpochOrdering(positions, rows);
    }

    /** Indices r ordered by {@code key[r]} (distinct keys in [0, keyBound)), by a primitive sort when they pack. */
    private static int[] sortedIndices(long[] key, long keyBound) {
        int n = key.length;
        int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        int keyBits = 64 - Long.numberOfLeadingZeros(Math.max(1, keyBound - 1));
        if (indexBits + keyBits > 63) {
            return IntStream.range(0, n)
                    .boxed()
                    .sorted(Comparator.comparingLong(r -> key[r]))
                    .mapToInt(Integer::intValue)
                    .toArray();
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

    /** The first k whose epoch position is ≥ {@code position} (the row count if none). */
    int firstAtOrAfter(long position) {
        int found = Arrays.binarySearch(positions, position);
        return found >= 0 ? found : -found - 1;
    }

    /** Whether the run [first, end) is rows [first, end) of the block itself. */
    boolean isBlockOrder() {
        return rows == null;
    }

    /** The block row at ordering index k. */
    int blockRow(int k) {
        return rows == null ? k : rows[k];
    }
}
