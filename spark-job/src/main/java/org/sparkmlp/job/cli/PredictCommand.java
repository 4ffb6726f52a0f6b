package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.train.DistributedPrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp predict}: the predicted class and class probabilities of every row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the predicted class and class probabilities of every row as a CSV directory "
                + "(columns row, prediction, probability_0 …).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--data", required = true, description = "Data, labelled or not (any Hadoop path).")
    String data;

    @Option(names = "--labels", description = "IDX: a labels file (not needed).")
    String labels;

    @Option(names = "--out", required = true, description = "Output directory for the CSV files (must not exist).")
    String outPath;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() throws IOException {
        SparkSession spark = sparkOptions.start("mlp predict");
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outPath);
        if (out.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(out)) {
            throw new FileAlreadyExistsException("the output path " + outPath + " already exists; choose another");
        }
        MlpModel trained = ModelDirectory.read(model, spark.sparkContext().hadoopConfiguration());
        LoadedData rows = DataLoader.load(spark, format.spec(data, labels, false),
                sparkOptions.partitions, trained.topology().inputSize(), trained.topology().outputSize())
                .scaled(trained.scaling());
        Broadcast<double[]> w = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(trained.parameters());
        spark.createDataFrame(DistributedPrediction.predict(rows.blocks(), w, trained.topology()),
                        DistributedPrediction.schema(trained.topology().outputSize()))
                .write().option("header", "true").csv(outPath);
        PrintWriter report = spec.commandLine().getOut();
        report.printf("predictions for %d rows written to %s%n", rows.count(), outPath);
        report.flush();
        return 0;
    }
}
