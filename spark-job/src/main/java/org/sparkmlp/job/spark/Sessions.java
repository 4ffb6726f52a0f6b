package org.sparkmlp.job.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the job's SparkSession: spark-submit's settings, then ours ({@link SparkSettings}), then the command line's. */
public final class Sessions {
    private Sessions() {}

    /**
     * @param master a master URL from the command line, or null to keep spark-submit's (or {@code local[*]}
     *               when the job was started without spark-submit)
     */
    public static SparkSession start(String appName, String master) {
        SparkConf conf = SparkSettings.apply(new SparkConf());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        // spark-submit names an application after its main class unless given --name; ours tells more in the UI
        if (conf.get("spark.app.name", "org.sparkmlp.").startsWith("org.sparkmlp.")) {
            conf.setAppName(appName);
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
