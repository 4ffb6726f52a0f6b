package org.sparkmlp.job.cli;

import java.io.IOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that apply a trained model to data (evaluate, predict), and loading both. */
final class ModelOnData {
    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--data", required = true, description = "The data (any Hadoop path).")
    String data;

    @Option(names = "--labels", description = "IDX: its labels file (default: the one beside it, if any).")
    String labels;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    /** The model, its parameters broadcast, and the data scaled as the model was trained. */
    record Loaded(MlpModel model, Broadcast<double[]> parameters, LoadedData rows) {}

    /** Spark, once the options are checked. */
    SparkSession startSpark(String appName, CommandLine cli) {
        sparkOptions.check(cli);
        format.check(cli);
        return sparkOptions.start(appName);
    }

    Loaded load(SparkSession spark, boolean labelsRequired) throws IOException {
        MlpModel trained = ModelDirectory.read(model, spark.sparkContext().hadoopConfiguration());
        LoadedData rows = DataLoader.load(
                        spark,
                        format.spec(data, labels, labelsRequired, trained.task()),
                        sparkOptions.partitions,
                        trained.topology().inputSize(),
                        trained.topology().outputSize())
                .scaled(trained.scaling(), trained.targetScaling(), FeatureStorage.FLOAT64);
        Broadcast<double[]> w =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(trained.parameters());
        return new Loaded(trained, w, rows);
    }
}
