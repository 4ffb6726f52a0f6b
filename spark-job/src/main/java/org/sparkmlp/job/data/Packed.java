package org.sparkmlp.job.data;

import org.apache.spark.api.java.JavaRDD;
import org.sparkmlp.core.data.FeatureStorage;

/**
 * What a source hands to the loader: one block per partition (not yet persisted), the row count, labels or not,
 * and the blocks' storage kind.
 */
record Packed(JavaRDD<LabeledBlock> blocks, long count, boolean labelled, FeatureStorage storage) {}
