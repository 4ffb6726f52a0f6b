package org.sparkmlp.bench.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.ml.MlpClassificationModel;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.spark.Sessions;
import org.sparkmlp.job.train.DistributedPrediction;

/**
 * Rows per second of scoring a cached data set, three ways in alternating rounds of one Spark session:
 * <ul>
 *   <li><b>per row</b>: Spark ML's {@code ProbabilisticClassificationModel.transform} as {@code
 *       MlpClassificationModel} inherited it before batching, reproduced with the same UDFs (predictRaw per row,
 *       then raw2probability and raw2prediction);</li>
 *   <li><b>batched</b>: {@code MlpClassificationModel.transform} today (a forward pass per chunk of rows);</li>
 *   <li><b>mlp predict</b>: {@code DistributedPrediction} on the job's own cached blocks, the scoring step of
 *       {@code mlp predict} without its CSV output.</li>
 * </ul>
 * Every output column is materialised (Spark's {@code noop} sink). Figures are the median of the rounds, after
 * one warm-up round. Run it with {@code deploy/bench/scoring}.
 */
public final class ScoringBenchmark {
    private static final String USAGE = "usage: deploy/bench/scoring [--data DIR] [--model DIR] [--rounds N]"
            + " [--partitions N]\n  --data DIR     IDX Fashion-MNIST directory (default /usr/share/datasets/"
            + "fashion-mnist; data/fashion-mnist-sample for a quick run)\n  --model DIR    a model from mlp train"
            + " (default: the reference network 784-256-128-10 relu/softmax with its seed-1 initial weights)\n"
            + "  --rounds N     measured rounds (default 3)\n  --partitions N (default 2)";

    private ScoringBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        String modelPath = null;
        int rounds = 3;
        int partitions = 2;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(require(value, args[i]));
                case "--model" -> modelPath = require(value, args[i]);
                case "--rounds" -> rounds = Integer.parseInt(require(value, args[i]));
                case "--partitions" -> partitions = Integer.parseInt(require(value, args[i]));
                case "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        SparkSession spark = Sessions.start("spark-mlp scoring benchmark", null);
        try {
            MlpModel network = modelPath != null
                    ? ModelDirectory.read(modelPath, spark.sparkContext().hadoopConfiguration())
                    : reference();
            run(spark, network, data, partitions, rounds);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, MlpModel network, Path data, int partitions, int rounds)
            throws IOException {
        BenchData loaded = BenchData.load(spark, data, partitions);
        long rows = loaded.trainRows();
        Dataset<Row> frame = loaded.trainFrame();
        MlpClassificationModel model = MlpClassificationModel.of(network);
        Broadcast<double[]> w =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(network.parameters());
        Dataset<Row> perRow = perRowTransform(model, frame);
        Dataset<Row> batched = model.transform(frame);
        Dataset<Row> predict = spark.createDataFrame(
                DistributedPrediction.predict(
                        loaded.train().scaled(network.scaling()).blocks(), w, network.topology()),
                DistributedPrediction.schema(network.topology().outputSize()));
        System.out.printf(
                Locale.ROOT,
                "scoring %d rows of %s with %s (scaling %s); master %s, %d partitions, BLAS %s%n",
                rows,
                data,
                network.topology(),
                network.scaling(),
                spark.sparkContext().master(),
                partitions,
                Blas.describe(Blas.get()));
        double[][] seconds = new double[3][rounds];
        for (int round = -1; round < rounds; round++) {
            double[] times = {time(perRow), time(batched), time(predict)};
            if (round >= 0) {
                for (int k = 0; k < 3; k++) {
                    seconds[k][round] = times[k];
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: per row %.2f s, batched %.2f s, mlp predict %.2f s%n",
                    round < 0 ? "warm-up" : "round " + (round + 1),
                    times[0],
                    times[1],
                    times[2]);
        }
        double perRowRate = rows / Stats.median(seconds[0]);
        double batchedRate = rows / Stats.median(seconds[1]);
        double predictRate = rows / Stats.median(seconds[2]);
        System.out.printf(Locale.ROOT, "%n| path | rows/s (median of %d) | vs per row |%n|---|---:|---:|%n", rounds);
        System.out.printf(Locale.ROOT, "| transform, per row (before) | %,.0f | 1.0x |%n", perRowRate);
        System.out.printf(
                Locale.ROOT, "| transform, batched | %,.0f | %.1fx |%n", batchedRate, batchedRate / perRowRate);
        System.out.printf(
                Locale.ROOT, "| mlp predict's scoring | %,.0f | %.1fx |%n", predictRate, predictRate / perRowRate);
        System.out.printf(Locale.ROOT, "batched transform / mlp predict: %.2f%n", batchedRate / predictRate);
    }

    /** Spark ML's per-row transform: a UDF per output column, as ProbabilisticClassificationModel builds them. */
    static Dataset<Row> perRowTransform(MlpClassificationModel model, Dataset<Row> frame) {
        UserDefinedFunction raw = functions.udf((UDF1<Vector, Vector>) model::predictRaw, SQLDataTypes.VectorType());
        UserDefinedFunction probability =
                functions.udf((UDF1<Vector, Vector>) model::raw2probability, SQLDataTypes.VectorType());
        UserDefinedFunction prediction =
                functions.udf((UDF1<Vector, Double>) model::raw2prediction, DataTypes.DoubleType);
        return frame.withColumn("rawPrediction", raw.apply(col("features")))
                .withColumn("probability", probability.apply(col("rawPrediction")))
                .withColumn("prediction", prediction.apply(col("rawPrediction")));
    }

    private static double time(Dataset<Row> scored) {
        long started = System.nanoTime();
        scored.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - started) / 1e9;
    }

    private static MlpModel reference() {
        Topology topology = Topology.parse("784-256-128-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        return new MlpModel(
                topology,
                org.sparkmlp.core.data.FeatureScaling.none(),
                Initializer.initialize(topology, 1),
                java.util.Map.of());
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage("missing value for " + option);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem + "\n" + USAGE);
        System.exit(2);
    }
}
