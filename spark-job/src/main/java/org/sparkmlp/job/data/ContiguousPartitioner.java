package org.sparkmlp.job.data;

import org.apache.spark.Partitioner;

/**
 * Places global row indices {@code 0 … count − 1} into a fixed number of partitions by contiguous ranges of
 * near-equal size: partition {@code k} holds {@code [start(k), start(k + 1))}, {@code start(k) = ⌊k·count/p⌋}.
 * Ranges are empty only when there are fewer rows than partitions.
 */
final class ContiguousPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final long count;
    private final int partitions;

    ContiguousPartitioner(long count, int partitions) {
        if (count < 0 || partitions <= 0) {
            throw new IllegalArgumentException(count + " rows cannot go into " + partitions + " partitions");
        }
        this.count = count;
        this.partitions = partitions;
    }

    /** The first row of partition {@code k}; {@code start(numPartitions())} is the row count. */
    long start(int k) {
        return Math.multiplyExact(k, count) / partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long row = (Long) key;
        // The largest k with start(k) <= row: k·count/p < row + 1  ⇔  k <= ((row + 1)·p − 1) / count.
        return (int) ((Math.multiplyExact(row + 1, partitions) - 1) / count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContiguousPartitioner other && other.count == count && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + partitions;
    }
}
