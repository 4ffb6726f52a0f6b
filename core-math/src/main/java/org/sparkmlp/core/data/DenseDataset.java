package org.sparkmlp.core.data;

import java.util.Objects;

/**
 * Labelled examples held densely in memory.
 *
 * <p>Example {@code r} occupies {@code features[r * numFeatures, (r + 1) * numFeatures)}, so the array
 * read column-major is the {@code numFeatures × size} matrix whose column {@code r} is example
 * {@code r}: a run of consecutive examples is already a minibatch matrix, with no copy. Labels are
 * class indices in {@code [0, numClasses)}.
 */
public final class DenseDataset {
    private final double[] features;
    private final int[] labels;
    private final int numFeatures;

    public DenseDataset(double[] features, int[] labels, int numFeatures) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("numFeatures must be positive, got " + numFeatures);
        }
        if ((long) labels.length * numFeatures != features.length) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected " + labels.length
                    + " examples × " + numFeatures + " features");
        }
        this.features = features;
        this.labels = labels;
        this.numFeatures = numFeatures;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The backing feature array (example-major); not copied. */
    public double[] features() {
        return features;
    }

    /** The backing label array; not copied. */
    public int[] labels() {
        return labels;
    }

    /** The first {@code n} examples (copied). */
    public DenseDataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("head(" + n + ") of a dataset with " + size() + " examples");
        }
        double[] x = java.util.Arrays.copyOf(features, n * numFeatures);
        int[] y = java.util.Arrays.copyOf(labels, n);
        return new DenseDataset(x, y, numFeatures);
    }
}
