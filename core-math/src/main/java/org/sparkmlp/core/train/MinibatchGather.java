package org.sparkmlp.core.train;

import org.sparkmlp.core.data.DenseDataset;

/** Copies the rows of a shuffled minibatch into one contiguous, reused minibatch matrix. */
final class MinibatchGather {
    private final DenseDataset data;
    private final double[] features;
    private final int[] labels;

    MinibatchGather(DenseDataset data, int batchSize) {
        this.data = data;
        this.features = new double[batchSize * data.numFeatures()];
        this.labels = new int[batchSize];
    }

    /** Gathers the rows at positions [start, start + n) of {@code order}. */
    void gather(EpochOrder order, long start, int n) {
        int d = data.numFeatures();
        for (int c = 0; c < n; c++) {
            int row = (int) order.rowAt(start + c);
            System.arraycopy(data.features(), row * d, features, c * d, d);
            labels[c] = data.labels()[row];
        }
    }

    double[] features() {
        return features;
    }

    int[] labels() {
        return labels;
    }
}
