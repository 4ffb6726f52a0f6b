package org.sparkmlp.bench.spark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The peak memory of this JVM: the heap in use, and the resident set. The heap is fullest just before a collection,
 * so every collection's "before" occupancy (from the JVM's GC notifications, summed over the pools) is a candidate,
 * and so is the occupancy now; the resident set's peak is the kernel's own high-water mark ({@code VmHWM}).
 */
final class PeakMemory {
    private final AtomicLong peakHeap = new AtomicLong();

    /** Starts watching the collections of this JVM. */
    PeakMemory() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    Map<String, MemoryUsage> before = GarbageCollectionNotificationInfo.from(
                                                    (CompositeData) notification.getUserData())
                                            .getGcInfo()
                                            .getMemoryUsageBeforeGc();
                                    peakHeap.accumulateAndGet(heapUsed(before), Math::max);
                                }
                            },
                            null,
                            null);
        }
    }

    /** The largest heap occupancy seen so far, in bytes. */
    long heapBytes() {
        return Math.max(
                peakHeap.get(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The peak resident set of this process so far, in bytes ({@code VmHWM} of /proc/self/status). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/self/status");
    }

    /** Sum of the heap pools' usage among the pools of one collection (the others are non-heap: code, metaspace). */
    private static long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pools.get(pool.getName());
            if (usage != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                used += usage.getUsed();
            }
        }
        return used;
    }
}
