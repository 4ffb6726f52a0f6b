package org.sparkmlp.job.cli;

import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.spark.Sessions;
import picocli.CommandLine.Option;

/** Where the job runs and how its data is split. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions of the data (default: Spark's default parallelism).")
    int partitions;

    SparkSession start(String appName) {
        return Sessions.start(appName, master);
    }
}
