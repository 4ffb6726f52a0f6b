package org.sparkmlp.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.RegressionEvaluation;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.report.ConfusionMatrixChart;
import org.sparkmlp.job.report.TrainingCharts;
import org.sparkmlp.job.train.DistributedEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlp evaluate}: loss, accuracy and confusion matrix of a model on labelled data. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Evaluates a model on labelled data: accuracy, mean loss, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOnData input = new ModelOnData();

    @Option(
            names = "--json",
            description = "Print one JSON object: accuracy, loss, count, confusionMatrix for a classifier; rmse, mae, "
                    + "r2, loss, count for a regression model.")
    boolean json;

    @Option(
            names = "--plot",
            paramLabel = "PNG",
            description = "Classifiers: also draw the confusion matrix into this PNG file (any Hadoop path).")
    String plot;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = input.startSpark("mlp evaluate", spec.commandLine());
        new OutputLocations(spark.sparkContext().hadoopConfiguration()).beside("--plot", plot);
        ModelOnData.Loaded loaded = input.load(spark, true);
        if (loaded.model().task() == Task.REGRESSION) {
            return regression(loaded);
        }
        Evaluation evaluation = DistributedEvaluation.evaluate(
                loaded.rows().blocks(), loaded.parameters(), loaded.model().topology());
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                json
                        ? json(evaluation)
                        : String.format(
                                Locale.ROOT,
                                "accuracy %.4f, loss %.4f on %d examples (%s)",
                                evaluation.accuracy(),
                                evaluation.meanLoss(),
                                evaluation.count(),
                                loaded.rows().description()));
        if (plot != null) {
            TrainingCharts.writePng(
                    ConfusionMatrixChart.render(
                            evaluation.confusionMatrix(),
                            String.format(
                                    Locale.ROOT,
                                    "%s: accuracy %.4f on %d examples",
                                    input.data,
                                    evaluation.accuracy(),
                                    evaluation.count())),
                    new Path(plot),
                    spark.sparkContext().hadoopConfiguration());
            out.println("confusion matrix drawn in " + plot);
        }
        out.flush();
        return 0;
    }

    private int regression(ModelOnData.Loaded loaded) throws IOException {
        if (plot != null) {
            throw new ParameterException(
                    spec.commandLine(), "--plot draws a confusion matrix, which a regression model does not have");
        }
        MlpModel model = loaded.model();
        RegressionEvaluation errors = DistributedEvaluation.evaluateRegression(
                loaded.rows().blocks(), loaded.parameters(), model.topology(), model.targetScaling());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode result = mapper.createObjectNode();
            result.put("rmse", errors.rmse());
            result.put("mae", errors.mae());
            result.put("r2", errors.r2());
            result.put("loss", errors.meanLoss());
            result.put("count", errors.count());
            out.println(mapper.writeValueAsString(result));
        } else {
            out.printf(
                    Locale.ROOT,
                    "rmse %.6g, mae %.6g, r2 %.4f on %d examples (%s)%n",
                    errors.rmse(),
                    errors.mae(),
                    errors.r2(),
                    errors.count(),
                    loaded.rows().description());
        }
        out.flush();
        return 0;
    }

    private static String json(Evaluation evaluation) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode result = mapper.createObjectNode();
        result.put("accuracy", evaluation.accuracy());
        result.put("loss", evaluation.meanLoss());
        result.put("count", evaluation.count());
        ArrayNode matrix = result.putArray("confusionMatrix");
        for (long[] row : evaluation.confusionMatrix()) {
            ArrayNode counts = matrix.addArray();
            for (long count : row) {
                counts.add(count);
            }
        }
        return mapper.writeValueAsString(result);
    }
}
