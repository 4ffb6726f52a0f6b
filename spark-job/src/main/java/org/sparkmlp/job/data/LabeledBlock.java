package org.sparkmlp.job.data;

import java.util.Objects;
import org.sparkmlp.core.data.Targets;

/**
 * The rows of one partition packed once into contiguous arrays: the unit that is cached and trained on.
 *
 * <p>Row {@code r} of the block has the global index {@code rows[r]} (its 0-based position in the dataset's
 * own order, unique across all blocks of a dataset), its features at {@code features[r·d, (r+1)·d)} and its
 * target as example {@code r} of {@code targets} (a class label or real values), so a run of rows is a
 * column-major d × n minibatch matrix. Rows are kept in ascending global index. {@code targets} is null for
 * unlabelled data (prediction input).
 */
public final class LabeledBlock implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] rows;
    private final double[] features;
    private final Targets targets;
    private final int numFeatures;

    /** A block with class labels, or none when {@code labels} is null. */
    public LabeledBlock(long[] rows, double[] features, int[] labels, int numFeatures) {
        this(rows, features, labels == null ? null : Targets.classes(labels), numFeatures);
    }

    public LabeledBlock(long[] rows, double[] features, Targets targets, int numFeatures) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(features, "features");
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("numFeatures must be positive, got " + numFeatures);
        }
        if ((long) rows.length * numFeatures != features.length || (targets != null && targets.size() != rows.length)) {
            throw new IllegalArgumentException("a block of " + rows.length + " rows × " + numFeatures
                    + " features cannot hold " + features.length + " values"
                    + (targets == null ? "" : " and " + targets.size() + " targets"));
        }
        this.rows = rows;
        this.features = features;
        this.targets = targets;
        this.numFeatures = numFeatures;
    }

    public int size() {
        return rows.length;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** Global row indices, ascending; not copied. */
    public long[] rows() {
        return rows;
    }

    /** Features, row after row; not copied. */
    public double[] features() {
        return features;
    }

    /** The rows' targets, or null if the data has none; not copied. */
    public Targets targets() {
        return targets;
    }

    /** Class labels, or null if the data has none or its targets are real values; not copied. */
    public int[] labels() {
        return targets == null ? null : targets.classLabels();
    }

    public boolean hasLabels() {
        return targets != null;
    }
}
