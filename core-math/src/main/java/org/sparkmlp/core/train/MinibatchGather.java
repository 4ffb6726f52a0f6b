package org.sparkmlp.core.train;

import java.util.function.IntUnaryOperator;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Targets;

/**
 * Copies chosen rows of a dataset (features in any {@link FeatureBlock} kind, targets) into one contiguous, reused
 * minibatch matrix of doubles, so that a shuffled minibatch, or rows stored in a compact kind, can be handed to
 * backpropagation like a run of consecutive rows. The buffers grow to the largest minibatch gathered and are then
 * reused.
 */
public final class MinibatchGather {
    private final int numFeatures;
    private double[] features;
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
        if (capacity < n) {
            features = new double[n * numFeatures];
            capacity = n;
            targets = null;
        }
        if (targets == null
                || targets.areClasses() != sourceTargets.areClasses()
                || targets.width() != sourceTargets.width()) {
            targets = sourceTargets.emptyLike(capacity);
        }
        int d = numFeatures;
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            sourceFeatures.copyRow(r, features, c * d);
            sourceTargets.copy(r, targets, c);
        }
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
