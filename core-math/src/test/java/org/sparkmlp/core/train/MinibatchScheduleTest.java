package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;

class MinibatchScheduleTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 7, 64, 1000, 60_000, 65_537})
    void feistelOrderIsABijectionWithItsInverse(long n) {
        FeistelPermutation order = new FeistelPermutation(n, 42);
        BitSet seen = new BitSet();
        for (long p = 0; p < n; p++) {
            long row = order.rowAt(p);
            assertTrue(row >= 0 && row < n, "row " + row + " outside [0," + n + ")");
            assertTrue(!seen.get((int) row), "row " + row + " visited twice");
            seen.set((int) row);
            assertEquals(p, order.positionOf(row));
        }
        assertEquals(n, seen.cardinality());
    }

    @Test
    void feistelOrderIsDeterministicPerKeyAndDiffersBetweenKeys() {
        long n = 10_000;
        FeistelPermutation a = new FeistelPermutation(n, 7);
        FeistelPermutation b = new FeistelPermutation(n, 7);
        FeistelPermutation c = new FeistelPermutation(n, 8);
        int same = 0;
        int fixed = 0;
        for (long p = 0; p < n; p++) {
            assertEquals(a.rowAt(p), b.rowAt(p));
            same += a.rowAt(p) == c.rowAt(p) ? 1 : 0;
            fixed += a.rowAt(p) == p ? 1 : 0;
        }
        // a random permutation agrees with another, or with the identity, in about one place
        assertTrue(same < 20, same + " positions agree between two keys");
        assertTrue(fixed < 20, fixed + " fixed points");
    }

    @Test
    void feistelOrderLooksShuffled() {
        // the first 1000 positions of a 60,000-row epoch should cover the dataset evenly: each tenth gets ~100
        FeistelPermutation order = new FeistelPermutation(60_000, 1);
        int[] tenths = new int[10];
        for (int p = 0; p < 1000; p++) {
            tenths[(int) (order.rowAt(p) / 6000)]++;
        }
        for (int count : tenths) {
            assertTrue(count > 60 && count < 140, java.util.Arrays.toString(tenths));
        }
    }

    @Test
    void scheduleCountsTheLastPartialBatch() {
        MinibatchSchedule schedule = new MinibatchSchedule(10, 4, Shuffle.NONE, 0);
        assertEquals(3, schedule.iterationsPerEpoch());
        assertEquals(0, schedule.batchStart(0));
        assertEquals(8, schedule.batchStart(2));
        assertEquals(4, schedule.batchLength(1));
        assertEquals(2, schedule.batchLength(2));
        assertEquals(2, schedule.batchOf(9));
        assertThrows(IndexOutOfBoundsException.class, () -> schedule.batchLength(3));
        assertEquals(1, new MinibatchSchedule(10, 10, Shuffle.NONE, 0).iterationsPerEpoch());
        assertEquals(1, new MinibatchSchedule(3, 100, Shuffle.NONE, 0).iterationsPerEpoch());
    }

    @Test
    void sequentialOrderIsTheDatasetsOwnAndShuffledEpochsDiffer() {
        MinibatchSchedule sequential = new MinibatchSchedule(100, 10, Shuffle.NONE, 5);
        assertTrue(sequential.order(0).isIdentity());
        assertEquals(37, sequential.order(3).rowAt(37));

        MinibatchSchedule shuffled = new MinibatchSchedule(100, 10, Shuffle.EPOCH, 5);
        EpochOrder first = shuffled.order(0);
        EpochOrder second = shuffled.order(1);
        int differ = 0;
        for (long p = 0; p < 100; p++) {
            differ += first.rowAt(p) != second.rowAt(p) ? 1 : 0;
            assertEquals(first.rowAt(p), shuffled.order(0).rowAt(p));
        }
        assertTrue(differ > 90, "epochs 0 and 1 share " + (100 - differ) + " positions");
        assertNotEquals(
                first.rowAt(0),
                new MinibatchSchedule(100, 10, Shuffle.EPOCH, 6).order(0).rowAt(0));
    }

    @Test
    void badSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MinibatchSchedule(0, 10, Shuffle.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> new MinibatchSchedule(10, 0, Shuffle.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> Shuffle.parse("sometimes"));
    }
}
