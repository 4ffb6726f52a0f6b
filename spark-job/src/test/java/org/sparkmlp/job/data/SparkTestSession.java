package org.sparkmlp.job.data;

import org.apache.spark.sql.SparkSession;

/** The small local session the data tests share, one per test class. */
final class SparkTestSession {
    private SparkTestSession() {
    }

    static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("data-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                // LabeledBlock is not Serializable: blocks travel with Kryo, as in the job.
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
    }
}
