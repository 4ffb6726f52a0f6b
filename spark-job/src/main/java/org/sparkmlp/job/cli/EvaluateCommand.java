package org.sparkmlp.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.train.DistributedEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp evaluate}: loss, accuracy and confusion matrix of a model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates a model on labelled data: accuracy, mean loss, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--data", required = true, description = "Labelled data (any Hadoop path).")
    String data;

    @Option(names = "--labels", description = "IDX: its labels file (default: the one beside it).")
    String labels;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Option(names = "--json", description = "Print one JSON object (accuracy, loss, count, confusionMatrix).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = sparkOptions.start("mlp evaluate");
        MlpModel trained = ModelDirectory.read(model, spark.sparkContext().hadoopConfiguration());
        LoadedData rows = DataLoader.load(spark, format.spec(data, labels, true),
                sparkOptions.partitions, trained.topology().inputSize(), trained.topology().outputSize())
                .scaled(trained.scaling());
        Broadcast<double[]> w = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(trained.parameters());
        Evaluation evaluation = DistributedEvaluation.evaluate(rows.blocks(), w, trained.topology());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? json(evaluation) : String.format(Locale.ROOT,
                "accuracy %.4f, loss %.4f on %d examples (%s)", evaluation.accuracy(), evaluation.meanLoss(),
                evaluation.count(), rows.description()));
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
