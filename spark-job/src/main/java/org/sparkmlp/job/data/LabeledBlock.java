package org.sparkmlp.job.data;

import java.util.Objects;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Float64Block;

/**
 * The rows of one partition packed once into contiguous arrays: the unit that is cached and trained on.
 *
 * <p>Row {@code r} of the block has the global index {@code rows[r]} (its 0-based position in the dataset's
 * own order, unique across all blocks of a dataset), its features at row {@code r} of {@code features} (in the
 * block's {@link org.sparkmlp.core.data.FeatureStorage storage kind}) and its class label at {@code labels[r]}.
 * Rows are kept in ascending global index. {@code labels} is null for unlabelled data (prediction input).
 */
public final class LabeledBlock implements java.io.Serializable {
    private static final long serialVersionUID = 2L;

    private final long[] rows;
    private final FeatureBlock features;
    private final int[] labels;

    public LabeledBlock(long[] rows, FeatureBlock features, int[] labels) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(features, "features");
        if (features.size() != rows.length || (labels != null && labels.length != rows.length)) {
            throw new IllegalArgumentException("a block of " + rows.length + " rows cannot hold " + features.size()
                    + " rows of features" + (labels == null ? "" : " and " + labels.length + " labels"));
        }
        this.rows = rows;
        this.features = features;
        this.labels = labels;
    }

    /** A block of float64 features, row after row in {@code features}. */
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

    /** Class labels, or null if the data has none; not copied. */
    public int[] labels() {
        return labels;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The same rows and labels with other features (e.g. scaled, or in another storage kind). */
    public LabeledBlock withFeatures(FeatureBlock other) {
        return new LabeledBlock(rows, other, labels);
    }

    /**
     * Bytes of the block's own arrays (row indices, features as stored, labels): what its rows cost in the cache,
     * without the JVM's few bytes of object and array headers.
     */
    public long bytes() {
        return (long) rows.length * Long.BYTES + features.bytes() + (labels == null ? 0 : (long) labels.length * 4);
    }
}
