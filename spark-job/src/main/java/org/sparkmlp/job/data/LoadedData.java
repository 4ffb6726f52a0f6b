package org.sparkmlp.job.data;

import org.apache.spark.api.java.JavaRDD;
import org.sparkmlp.core.data.FeatureScaling;

/**
 * A dataset in Spark: one {@link LabeledBlock} per partition, persisted and materialised, holding rows
 * {@code 0 … count − 1} exactly once.
 *
 * @param description for logs, e.g. {@code "CSV data/train.csv: 60000 rows × 784 features, labelled, 4 blocks"}
 */
public record LoadedData(
        JavaRDD<LabeledBlock> blocks, long count, int numFeatures, boolean labelled, String description) {
    /**
     * The same rows with the scalings of the features and of the real-valued targets applied, in new persisted
     * blocks ({@link Standardization#apply}); these blocks are then unpersisted, so use only the result from here on.
     * With both {@link FeatureScaling#none()} it returns this.
     */
    public LoadedData scaled(FeatureScaling scaling, FeatureScaling targetScaling) {
        if (scaling.isNone() && targetScaling.isNone()) {
            return this;
        }
        JavaRDD<LabeledBlock> scaled = Standardization.apply(blocks, scaling, targetScaling);
        blocks.unpersist(false);
        return new LoadedData(scaled, count, numFeatures, labelled, description + ", standardised");
    }
}
