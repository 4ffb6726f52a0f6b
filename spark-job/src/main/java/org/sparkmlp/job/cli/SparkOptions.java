package org.sparkmlp.job.cli;

import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.spark.Sessions;
import org.sparkmlp.job.train.InvalidOptionException;
import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the job runs and how its data is split. */
final class SparkOptions {
    /**
     * The master URLs Spark accepts (SparkContext.createTaskScheduler; a cluster manager plugin's is a URL too),
     * so that a typo fails before Spark starts.
     */
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?"
            + "|local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*]|yarn|[a-z][a-z0-9+.-]*://.+");

    @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else local[*]).")
    String master;

    @Option(
            names = "--partitions",
            defaultValue = "" + TrainingDefaults.PARTITIONS,
            description = "Partitions of the data (default: Spark's default parallelism).")
    int partitions;

    /** A usage error for an invalid value, before Spark starts. */
    void check(CommandLine cli) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new CommandLine.ParameterException(
                    cli,
                    UsageErrors.name(cli, "master") + " must be local, "
                            + "local[N], local[*], local[N,F], local-cluster[N,C,M], yarn or a URL such as spark://HOST:PORT or "
                            + "k8s://URL, got '" + master + "'");
        }
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
