package org.sparkmlp.job.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.job.data.LabeledBlock;

/** Spreads a dataset over a number of blocks, scattering rows (not contiguous ranges) to show placement is irrelevant. */
final class TestBlocks {
    private TestBlocks() {}

    static JavaRDD<LabeledBlock> of(JavaSparkContext sc, DenseDataset data, int partitions) {
        int d = data.numFeatures();
        List<LabeledBlock> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<Integer> members = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if ((r * 7919L) % partitions == p) {
                    members.add(r);
                }
            }
            long[] rows = new long[members.size()];
            double[] features = new double[members.size() * d];
            int[] labels = new int[members.size()];
            for (int k = 0; k < members.size(); k++) {
                int r = members.get(k);
                rows[k] = r;
                System.arraycopy(data.features(), r * d, features, k * d, d);
                labels[k] = data.labels()[r];
            }
            blocks.add(new LabeledBlock(rows, features, labels, d));
        }
        return sc.parallelize(blocks, partitions).persist(StorageLevel.MEMORY_ONLY());
    }
}
