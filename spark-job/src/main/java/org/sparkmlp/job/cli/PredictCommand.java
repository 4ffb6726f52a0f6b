package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.train.DistributedPrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp predict}: the predicted class and class probabilities of every row, as CSV. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Writes the predicted class and class probabilities of every row as a CSV directory "
                + "(columns row, prediction, probability_0 …); for a regression model the predicted value(s) "
                + "(row, prediction, or prediction_0 … for several outputs).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOnData input = new ModelOnData();

    @Option(names = "--out", required = true, description = "Output directory for the CSV files (must not exist).")
    String outPath;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = input.startSpark("mlp predict", spec.commandLine());
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outPath);
        if (out.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(out)) {
            throw new FileAlreadyExistsException("the output path " + outPath + " already exists; choose another");
        }
        new OutputLocations(spark.sparkContext().hadoopConfiguration()).beside("--out", outPath);
        ModelOnData.Loaded loaded = input.load(spark, false);
        MlpModel model = loaded.model();
        int outputs = model.topology().outputSize();
        Dataset<Row> predictions = model.task() == Task.REGRESSION
                ? spark.createDataFrame(
                        DistributedPrediction.predictValues(
                                loaded.rows().blocks(), loaded.parameters(), model.topology(), model.targetScaling()),
                        DistributedPrediction.regressionSchema(outputs))
                : spark.createDataFrame(
                        DistributedPrediction.predict(loaded.rows().blocks(), loaded.parameters(), model.topology()),
                        DistributedPrediction.schema(outputs));
        predictions.write().option("header", "true").csv(outPath);
        PrintWriter report = spec.commandLine().getOut();
        report.printf("predictions for %d rows written to %s%n", loaded.rows().count(), outPath);
        report.flush();
        return 0;
    }
}
