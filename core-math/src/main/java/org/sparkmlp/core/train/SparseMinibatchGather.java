package org.sparkmlp.core.train;

import java.util.function.IntUnaryOperator;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * {@link MinibatchGather} for sparse rows: copies chosen rows of a {@link CsrMatrix} (and their targets) into one
 * reused sparse minibatch, so that a shuffled minibatch reaches backpropagation as a run of consecutive rows,
 * still sparse. The buffers grow to the largest minibatch gathered and are then reused.
 */
public final class SparseMinibatchGather {
    private final CsrMatrix features;
    private Targets targets;
    private int capacity;

    /** Buffers for {@code capacity} rows of {@code numFeatures} features (more are allocated when needed). */
    public SparseMinibatchGather(int numFeatures, int capacity) {
        this.features = new CsrMatrix(numFeatures, capacity, capacity);
        this.capacity = capacity;
    }

    /** Copies rows {@code row(0)}, …, {@code row(n − 1)} of {@code sourceFeatures} and {@code sourceTargets}. */
    public void gather(CsrMatrix sourceFeatures, Targets sourceTargets, int n, IntUnaryOperator row) {
        if (capacity < n) {
            capacity = n;
            targets = null;
        }
        if (targets == null
                || targets.areClasses() != sourceTargets.areClasses()
                || targets.width() != sourceTargets.width()) {
            targets = sourceTargets.emptyLike(capacity);
        }
        features.clear();
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            features.appendRow(sourceFeatures, r);
            sourceTargets.copy(r, targets, c);
        }
    }

    /** The gathered features: row c is the c-th row chosen. */
    public CsrMatrix features() {
        return features;
    }

    /** The gathered targets, row c's being example c. */
    public Targets targets() {
        return targets;
    }
}
