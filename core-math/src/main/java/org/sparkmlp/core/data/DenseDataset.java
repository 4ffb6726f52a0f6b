package org.sparkmlp.core.data;

import java.util.Objects;

/**
 * Examples with their targets, held densely in memory.
 *
 * <p>Example {@code r} occupies {@code features[r * numFeatures, (r + 1) * numFeatures)}, so the array
 * read column-major is the {@code numFeatures × size} matrix whose column {@code r} is example
 * {@code r}: a run of consecutive examples is already a minibatch matrix, with no copy. The targets are
 * class labels or real values ({@link Targets}).
 */
public final class DenseDataset {
    private final double[] features;
    private final Targets targets;
    private final int numFeatures;

    /** Examples with class labels in {@code [0, numClasses)}. */
    public DenseDataset(double[] features, int[] labels, int numFeatures) {
        this(features, Targets.classes(labels), numFeatures);
    }

    public DenseDataset(double[] features, Targets targets, int numFeatures) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("numFeatures must be positive, got " + numFeatures);
        }
        if ((long) targets.size() * numFeatures != features.length) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected "
                    + targets.size() + " examples × " + numFeatures + " features");
        }
        this.features = features;
        this.targets = targets;
        this.numFeatures = numFeatures;
    }

    /** Number of examples. */
    public int size() {
        return targets.size();
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The backing feature array (example-major); not copied. */
    public double[] features() {
        return features;
    }

    /** The targets; not copied. */
    public Targets targets() {
        return targets;
    }

    /** The backing class labels, or null when the targets are real values; not copied. */
    public int[] labels() {
        return targets.classLabels();
    }

    /** The first {@code n} examples (copied). */
    public DenseDataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("head(" + n + ") of a dataset with " + size() + " examples");
        }
        double[] x = java.util.Arrays.copyOf(features, n * numFeatures);
        return new DenseDataset(x, targets.head(n), numFeatures);
    }
}
