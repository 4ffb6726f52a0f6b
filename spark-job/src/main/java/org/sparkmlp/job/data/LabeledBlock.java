package org.sparkmlp.job.data;

import java.util.Objects;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Float64Block;
import org.sparkmlp.core.data.Targets;

/**
 * The rows of one partition packed once into contiguous arrays: the unit that is cached and trained on.
 *
 * <p>Row {@code r} of the block has the global index {@code rows[r]} (its 0-based position in the dataset's
 * own order, unique across all blocks of a dataset), its features at row {@code r} of {@code features} (in the
 * block's {@link org.sparkmlp.core.data.FeatureStorage storage kind}) and its target as example {@code r} of
 * {@code targets} (a class label or real values). Rows are kept in ascending global index. {@code targets} is null
 * for unlabelled data (prediction input).
 */
public final class LabeledBlock implements java.io.Serializable {
    private static final long serialVersionUID = 2L;

    private final long[] rows;
    private final FeatureBlock features;
    private final Targets targets;

    public LabeledBlock(long[] rows, FeatureBlock features, Targets targets) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(features, "features");
        if (features.size() != rows.length || (targets != null && targets.size() != rows.length)) {
            throw new IllegalArgumentException("a block of " + rows.length + " rows cannot hold " + features.size()
                    + " rows of features" + (targets == null ? "" : " and " + targets.size() + " targets"));
        }
        this.rows = rows;
        this.features = features;
        this.targets = targets;
    }

    /** A block with class labels, or none when {@code labels} is null. */
    public LabeledBlock(long[] rows, FeatureBlock features, int[] labels) {
        this(rows, features, labels == null ? null : Targets.classes(labels));
    }

    /** A block of float64 features, row after row in {@code features}, with class labels (or none). */
    public LabeledBlock(long[] rows, double[] features, int[] labels, int numFeatures) {
        this(rows, new Float64Block(features, numFeatures), labels);
    }

    public int size() {
        return rows.length;
    }

    public int numFeatures() {
        return features.numFeatures();
    }

    /** Global row indices, ascending; not copied. */
    public long[] rows() {
        return rows;
    }

    /** The features, in the block's storage kind; not copied. */
    public FeatureBlock features() {
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

    /** The same rows and targets with other features (e.g. scaled, or in another storage kind). */
    public LabeledBlock withFeatures(FeatureBlock other) {
        return new LabeledBlock(rows, other, targets);
    }

    /** The same rows and features with other targets (e.g. standardised). */
    public LabeledBlock withTargets(Targets other) {
        return new LabeledBlock(rows, features, other);
    }

    /**
     * Bytes of the block's own arrays (row indices, features as stored, targets): what its rows cost in the cache,
     * without the JVM's few bytes of object and array headers.
     */
    public long bytes() {
        long targetBytes = targets == null
                ? 0
                : targets.areClasses() ? (long) targets.size() * Integer.BYTES : (long) targets.values().length * 8;
        return (long) rows.length * Long.BYTES + features.bytes() + targetBytes;
    }
}
