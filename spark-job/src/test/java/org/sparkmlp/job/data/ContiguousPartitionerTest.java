package org.sparkmlp.job.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContiguousPartitionerTest {
    @Test
    void everyRowFallsInTheRangeThatStartsBeforeIt() {
        for (int count : new int[] {0, 1, 2, 7, 10, 1000}) {
            for (int p = 1; p <= 12; p++) {
                ContiguousPartitioner partitioner = new ContiguousPartitioner(count, p);
                assertEquals(0, partitioner.start(0));
                assertEquals(count, partitioner.start(p));
                for (int k = 0; k < p; k++) {
                    long size = partitioner.start(k + 1) - partitioner.start(k);
                    assertEquals(count / p, size, 1, "near-equal sizes");
                    for (long row = partitioner.start(k); row < partitioner.start(k + 1); row++) {
                        assertEquals(
                                k, partitioner.getPartition(row), count + " rows, " + p + " partitions, row " + row);
                    }
                }
            }
        }
    }
}
