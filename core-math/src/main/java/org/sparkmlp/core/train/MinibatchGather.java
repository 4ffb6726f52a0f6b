package org.sparkmlp.core.train;

import java.util.function.IntUnaryOperator;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Targets;

/**
 * Copies chosen rows of a dataset (features in any {@link FeatureBlock} kind, targets) into one contiguous, reused
 * minibatch matrix of doubles, so that a shuffled minibatch, or rows stored in a compact kind, can be handed to
 * backpropagation like a run of consecutive rows. The buffers grow to the largest minibatch gathered and are then
 * reused. {@link #gatherFloat32} gathers the same rows rounded to FP32, for
 * {@link org.sparkmlp.core.network.Float32Backpropagation}.
 */
public final class MinibatchGather {
    private final int numFeatures;
    private double[] features;
    private float[] features32 = new float[0];
    private Targets targets;
    private int capacity;

    /** Buffers for {@code capacity} rows of {@code numFeatures} features (more are allocated when needed). */
    public MinibatchGather(int numFeatures, int capacity) {
        this.numFeatures = numFeatures;
        this.features = new double[capacity * numFeatures];
        this.capacity = capacity;
    }

    /** Copies rows {@code row(0)}, …, {@code row(n − 1)} of {@code sourceFeatures} and {@code sourceTargets}. */
    public void gather(FeatureBlock sourceFeatures, Targets sourceTargets, int n, IntUnaryOperator row) {
        prepareTargets(sourceTargets, n);
        if (features.length < n * numFeatures) {
            features = new double[n * numFeatures];
        }
        int d = numFeatures;
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            sourceFeatures.copyRow(r, features, c * d);
            sourceTargets.copy(r, targets, c);
        }
    }

    /** As {@link #gather}, with the features rounded to FP32 into {@link #features32()}. */
    public void gatherFloat32(FeatureBlock sourceFeatures, Targets sourceTargets, int n, IntUnaryOperator row) {
        prepareTargets(sourceTargets, n);
        if (features32.length < n * numFeatures) {
            features32 = new float[n * numFeatures];
        }
        int d = numFeatures;
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            sourceFeatures.copyRow(r, features32, c * d);
            sourceTargets.copy(r, targets, c);
        }
    }

    private void prepareTargets(Targets sourceTargets, int n) {
        if (capacity < n) {
            capacity = n;
            targets = null;
        }
        if (targets == null
                || targets.areClasses() != sourceTargets.areClasses()
                || targets.width() != sourceTargets.width()) {
            targets = sourceTargets.emptyLike(capacity);
        }
    }

    /** The features {@link #gatherFloat32} gathered: row c at {@code [c·d, (c+1)·d)}. */
    public float[] features32() {
        return features32;
    }

    /** The gathered features: row c at {@code [c·d, (c+1)·d)}. */
    public double[] features() {
        return features;
    }

    /** The gathered targets, row c's being example c. */
    public Targets targets() {
        return targets;
    }
}
