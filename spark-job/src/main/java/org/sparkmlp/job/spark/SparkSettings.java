package org.sparkmlp.job.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;

/**
 * The Spark settings the job relies on, applied to every session it creates (and repeated in
 * {@code conf/spark-defaults.conf} for spark-submit): Kryo with our registrator and registration required, and
 * broadcasts uncompressed: the parameters, broadcast every iteration, are doubles that barely compress, and
 * compressing them took longer than the rest of the broadcast (docs/performance.md, "Sparse data").
 */
public final class SparkSettings {
    private SparkSettings() {}

    /** Adds the job's required settings to {@code conf}; a value the user set explicitly wins. */
    public static SparkConf apply(SparkConf conf) {
        conf.setIfMissing("spark.serializer", KryoSerializer.class.getName());
        conf.setIfMissing("spark.kryo.registrator", MlpKryoRegistrator.class.getName());
        conf.setIfMissing("spark.kryo.registrationRequired", "true");
        conf.setIfMissing("spark.broadcast.compress", "false");
        return conf;
    }
}
