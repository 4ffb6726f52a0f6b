package org.sparkmlp.job.data;

import org.apache.spark.api.java.JavaRDD;

/** What a source hands to the loader: one block per partition (not yet persisted), the row count, labels or not. */
record Packed(JavaRDD<LabeledBlock> blocks, long count, boolean labelled) {}
