package org.sparkmlp.job.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** A local[2] SparkSession with the job's own settings (Kryo, registration required), for tests. */
public final class LocalSpark {
    private LocalSpark() {}

    public static SparkSession start(String appName) {
        return start(appName, new SparkConf());
    }

    /** With extra settings of the test's own (e.g. classes its test data needs registered). */
    public static SparkSession start(String appName, SparkConf extra) {
        SparkConf conf = SparkSettings.apply(extra.clone())
                .setMaster("local[2]")
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "4");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    public static JavaSparkContext context(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }
}
