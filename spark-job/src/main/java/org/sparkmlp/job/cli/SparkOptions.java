package org.sparkmlp.job.cli;

import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.spark.Sessions;
import org.sparkmlp.job.train.InvalidOptionException;
import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the job runs and how its data is split. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", defaultValue = "" + TrainingDefaults.PARTITIONS,
            description = "Partitions of the data (default: Spark's default parallelism).")
    int partitions;

    /** A usage error for an invalid value, before Spark starts. */
    void check(CommandLine cli) {
        try {
            TrainingSpec.checkPartitions(partitions);
        } catch (InvalidOptionException e) {
            throw UsageErrors.of(cli, e);
        }
    }

    SparkSession start(String appName) {
        return Sessions.start(appName, master);
    }
}
