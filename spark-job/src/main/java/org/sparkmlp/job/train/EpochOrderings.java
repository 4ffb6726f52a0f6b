package org.sparkmlp.job.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * The executor's cache of {@link EpochOrdering}s: one per cached partition (application, RDD id, partition
 * index), for the epoch order it was last used with. The first task of an epoch on a partition sorts it; the
 * epoch's other tasks find it here. A task that runs elsewhere (another executor, a rerun after a failure) simply
 * sorts again: an ordering is a function of the block and the epoch order, so the result cannot differ.
 * Entries live as long as the application (12 bytes per row).
 */
final class EpochOrderings {
    /** Which cached partition. RDD ids restart with every SparkContext, hence the application. */
    private record Partition(String application, int rdd, int index) {}

    /** Which epoch order: everything {@link MinibatchSchedule#order(int)} depends on. */
    private record Order(long rows, MinibatchSchedule.Shuffle shuffle, long seed, int epoch) {}

    private record Entry(Order order, EpochOrdering ordering) {}

    private static final Map<Partition, Entry> CACHE = new ConcurrentHashMap<>();

    private EpochOrderings() {}

    static EpochOrdering of(
            String application, int rdd, int partition, LabeledBlock block, MinibatchSchedule schedule, int epoch) {
        Partition key = new Partition(application, rdd, partition);
        Order order = new Order(schedule.rows(), schedule.shuffle(), schedule.seed(), epoch);
        Entry entry = CACHE.get(key);
        if (entry == null || !entry.order().equals(order)) {
            if (entry == null) {
                // a JVM that outlives its SparkContext (local mode, tests) starts a new application: forget the old one
                CACHE.keySet().removeIf(other -> !other.application().equals(application));
            }
            entry = new Entry(order, EpochOrdering.of(block, schedule.order(epoch)));
            CACHE.put(key, entry);
        }
        return entry.ordering();
    }
}
