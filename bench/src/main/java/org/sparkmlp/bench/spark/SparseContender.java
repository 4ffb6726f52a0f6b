package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.corpora.ManPageCorpus;
import org.sparkmlp.job.ml.MlpClassificationModel;
import org.sparkmlp.job.ml.MlpClassifier;
import org.sparkmlp.job.spark.Sessions;

/**
 * One contender of the sparse section, in a JVM of its own (started by {@link SparseRace}, whose heap limit it
 * runs under): reads the corpus {@link SparseCorpus} wrote, hashes it with {@code Tokenizer → HashingTF(features)},
 * trains one system on the training rows and writes what it measured to a properties file ({@link SparseResult}
 * reads it). In local mode the executors are threads of this JVM, so its peak memory is the executors' and the
 * driver's together.
 *
 * <ul>
 *   <li>{@code ours}: {@link MlpClassifier} with {@code storage auto} (CSR blocks for these rows), after an untimed
 *       warm-up fit of as many epochs; an epoch's time is the timed fit's training seconds over its epochs, and its tasks'
 *       time the executors' run time of its training tasks over its epochs ({@link TrainingTaskTime}). Then the same
 *       with lazy Adam, whose step covers only the minibatch's features; then Adam on the dense rows of the same
 *       non-zeros ({@link #nonZerosDense}), stored float64: the run whose epoch time an O(nnz) first layer should
 *       match.</li>
 *   <li>{@code mllib}: {@link MultilayerPerceptronClassifier} with its default l-bfgs and block size, no warm-up
 *       (an iteration takes seconds); an iteration's time is the fit's wall time over its iterations, its data
 *       stacking pass included.</li>
 * </ul>
 *
 * <p>Arguments: {@code ours|mllib FEATURES CORPUS_DIR BUDGET RESULT_FILE}, the budget in epochs (ours) or l-bfgs
 * iterations (MLlib).
 */
public final class SparseContender {
    static final int HIDDEN = 16;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 0.003;
    static final long SEED = 1;

    private SparseContender() {}

    public static void main(String[] args) throws IOException {
        PeakMemory memory = new PeakMemory();
        String contender = args[0];
        int features = Integer.parseInt(args[1]);
        Path corpus = Path.of(args[2]);
        int budget = Integer.parseInt(args[3]);
        Path result = Path.of(args[4]);
        SparkSession spark = Sessions.start("spark-mlp sparse benchmark: " + contender + " at " + features, null);
        try {
            Dataset<Row> train = hashed(spark, corpus.resolve("train"), features);
            Dataset<Row> test = hashed(spark, corpus.resolve("test"), features);
            Properties measured = new Properties();
            long rows = train.count();
            measured.setProperty("trainRows", Long.toString(rows));
            measured.setProperty("testRows", Long.toString(test.count()));
            measured.setProperty("meanNonZeros", format(meanNonZeros(train, rows)));
            switch (contender) {
                case "ours" -> ours(train, test, features, budget, memory, measured);
                case "mllib" -> mllib(train, test, features, budget, memory, measured);
                default -> throw new IllegalArgumentException("unknown contender " + contender);
            }
            Path partial = result.resolveSibling(result.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                measured.store(out, contender + " at " + features + " features");
            }
            Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            spark.stop();
        }
    }

    private static void ours(
            Dataset<Row> train, Dataset<Row> test, int features, int epochs, PeakMemory memory, Properties measured)
            throws IOException {
        TrainingTaskTime tasks = TrainingTaskTime.listen(train.sparkSession());
        MlpClassificationModel model = fitAfterWarmUp(classifier(features, "auto"), train, epochs, tasks);
        measured.setProperty("taskSeconds", format(tasks.seconds() / epochs));
        measured.setProperty(
                "storage", String.valueOf(model.network().metadata().get("storage")));
        measured.setProperty("epochs", Integer.toString(epochs));
        measured.setProperty("epochSeconds", format(trainingSeconds(model) / epochs));
        measured.setProperty("accuracy", format(accuracy(model, test)));
        // the memory of the sparse run alone, before the others add their own
        record(memory, measured);

        MlpClassificationModel lazy =
                fitAfterWarmUp(classifier(features, "auto").setOptimizer("lazy-adam"), train, epochs, tasks);
        measured.setProperty("lazyTaskSeconds", format(tasks.seconds() / epochs));
        measured.setProperty("lazyEpochSeconds", format(trainingSeconds(lazy) / epochs));
        measured.setProperty("lazyAccuracy", format(accuracy(lazy, test)));

        int width = (int) Math.round(Double.parseDouble(measured.getProperty("meanNonZeros")));
        Dataset<Row> dense = nonZerosDense(train, width).cache();
        dense.count();
        MlpClassificationModel denseModel = fitAfterWarmUp(classifier(width, "float64"), dense, epochs, tasks);
        measured.setProperty("denseTaskSeconds", format(tasks.seconds() / epochs));
        measured.setProperty("denseWidth", Integer.toString(width));
        measured.setProperty("denseEpochSeconds", format(trainingSeconds(denseModel) / epochs));
    }

    private static void mllib(
            Dataset<Row> train, Dataset<Row> test, int features, int iterations, PeakMemory memory, Properties measured)
            throws IOException {
        long started = System.nanoTime();
        MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {features, HIDDEN, ManPageCorpus.SECTIONS.size()})
                .setSeed(SEED)
                .setMaxIter(iterations)
                .fit(train);
        double seconds = (System.nanoTime() - started) / 1e9;
        int done = model.summary().totalIterations();
        measured.setProperty("iterations", Integer.toString(done));
        measured.setProperty("epochSeconds", format(seconds / done));
        measured.setProperty("accuracy", format(accuracy(model, test)));
        record(memory, measured);
    }

    /**
     * The recipe's fit of {@code epochs} after an untimed fit of as many: an epoch here is only ~19 iterations, so a
     * shorter warm-up leaves the JIT compiling the driver's per-iteration code through the timed fit (JFR showed the
     * compiler threads at a third of the machine then). {@code tasks} counts from the timed fit.
     */
    private static MlpClassificationModel fitAfterWarmUp(
            MlpClassifier recipe, Dataset<Row> rows, int epochs, TrainingTaskTime tasks) {
        recipe.setEpochs(epochs).fit(rows);
        tasks.reset();
        return recipe.setEpochs(epochs).fit(rows);
    }

    /** Our recipe for this corpus (TextPipelineTest's, which reaches about 0.9): ReLU, Adam, 2 partitions. */
    private static MlpClassifier classifier(int inputs, String storage) {
        return new MlpClassifier()
                .setLayers(inputs, HIDDEN, ManPageCorpus.SECTIONS.size())
                .setActivation("relu")
                .setOptimizer("adam")
                .setLearningRate(LEARNING_RATE)
                .setBatchSize(BATCH)
                .setSeed(SEED)
                .setNumPartitions(2)
                .setStorage(storage);
    }

    /** label, features: the corpus' text as Spark ML's standard text pipeline hashes it, cached. */
    private static Dataset<Row> hashed(SparkSession spark, Path documents, int features) {
        Dataset<Row> text = spark.read().parquet(documents.toString());
        Dataset<Row> words =
                new Tokenizer().setInputCol("text").setOutputCol("words").transform(text);
        Dataset<Row> rows = new HashingTF()
                .setNumFeatures(features)
                .setInputCol("words")
                .setOutputCol("features")
                .transform(words)
                .select("label", "features")
                .cache();
        rows.count();
        return rows;
    }

    private static double meanNonZeros(Dataset<Row> rows, long count) {
        long nonZeros = rows.toJavaRDD()
                .map(row -> (long) ((SparseVector) row.getAs(1)).numNonzeros())
                .reduce(Long::sum);
        return (double) nonZeros / count;
    }

    /**
     * Each row's first {@code width} non-zero values (by feature index), zero-padded to {@code width}, as a dense
     * vector: the same rows and non-zeros, at the mean row's width, stored as dense as a dense first layer reads them.
     */
    private static Dataset<Row> nonZerosDense(Dataset<Row> rows, int width) {
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        return rows.map(
                (MapFunction<Row, Row>) row -> {
                    double[] values = ((SparseVector) row.getAs(1)).values();
                    double[] dense = new double[width];
                    System.arraycopy(values, 0, dense, 0, Math.min(width, values.length));
                    return RowFactory.create(row.getDouble(0), Vectors.dense(dense));
                },
                Encoders.row(schema));
    }

    private static double trainingSeconds(MlpClassificationModel model) {
        return ((Number) model.network().metadata().get("trainingSeconds")).doubleValue();
    }

    private static double accuracy(Transformer model, Dataset<Row> test) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    }

    private static void record(PeakMemory memory, Properties measured) throws IOException {
        measured.setProperty("peakHeapBytes", Long.toString(memory.heapBytes()));
        measured.setProperty("peakResidentBytes", Long.toString(PeakMemory.residentBytes()));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
