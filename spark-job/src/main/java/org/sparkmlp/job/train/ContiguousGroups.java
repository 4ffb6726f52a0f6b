package org.sparkmlp.job.train;

import org.apache.spark.Partitioner;

/**
 * Sends P partitions to n barrier tasks by contiguous runs of partition ids, task k taking
 * [⌊kP/n⌋, ⌊(k+1)P/n⌋), so that the exchange's chain in task order visits the partitions in id order. Keys are
 * partition ids.
 */
final class ContiguousGroups extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final int tasks;

    ContiguousGroups(int partitions, int tasks) {
        this.partitions = partitions;
        this.tasks = tasks;
    }

    /** The first partition of task {@code task} of {@code tasks}. */
    static int firstPartition(int task, int partitions, int tasks) {
        return (int) ((long) task * partitions / tasks);
    }

    @Override
    public int numPartitions() {
        return tasks;
    }

    @Override
    public int getPartition(Object key) {
        int partition = (Integer) key;
        int task = 0;
        while (firstPartition(task + 1, partitions, tasks) <= partition) {
            task++;
        }
        return task;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContiguousGroups groups && groups.partitions == partitions && groups.tasks == tasks;
    }

    @Override
    public int hashCode() {
        return 31 * partitions + tasks;
    }
}
