package org.sparkmlp.job.data;

import org.apache.spark.api.java.JavaRDD;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;

/**
 * A dataset in Spark: one {@link LabeledBlock} per partition, persisted and materialised, holding rows
 * {@code 0 … count − 1} exactly once.
 *
 * @param storage     how the blocks store their features
 * @param description for logs, e.g. {@code "CSV data/train.csv: 60000 rows × 784 features, labelled, 4 blocks"}
 */
public record LoadedData(
        JavaRDD<LabeledBlock> blocks,
        long count,
        int numFeatures,
        boolean labelled,
        FeatureStorage storage,
        String description) {
    /**
     * The same rows with the scaling applied, in new persisted blocks of float64 features
     * ({@link Standardization#apply}); these blocks are then unpersisted, so use only the result from here on.
     * {@link FeatureScaling#none()} returns this.
     */
    public LoadedData scaled(FeatureScaling scaling) {
        return scaled(scaling, FeatureScaling.none(), FeatureStorage.FLOAT64);
    }

    /**
     * {@link #scaled(FeatureScaling)} with the real-valued targets scaled by {@code targetScaling} too and the scaled
     * features stored as {@code kind}; with both scalings {@link FeatureScaling#none()} it returns this.
     */
    public LoadedData scaled(FeatureScaling scaling, FeatureScaling targetScaling, FeatureStorage kind) {
        if (scaling.isNone() && targetScaling.isNone()) {
            return this;
        }
        JavaRDD<LabeledBlock> scaled = Standardization.apply(blocks, scaling, targetScaling, kind);
        blocks.unpersist(false);
        boolean sparse = kind == FeatureStorage.SPARSE && !scaling.centres();
        return new LoadedData(
                scaled,
                count,
                numFeatures,
                labelled,
                kind,
                description + (sparse ? ", scaled without centring" : ", standardised"));
    }

    /** The description and how the features are stored, e.g. {@code "…, 4 blocks, stored as uint8"}. */
    public String summary() {
        return description + ", stored as " + storage.cliName();
    }
}
