package org.sparkmlp.job.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.job.cli.MlpCommand;
import org.sparkmlp.job.model.CheckpointStore;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.spark.LocalSpark;
import picocli.CommandLine;

/** The Spark ML estimator and model as a Spark user drives them, on the Fashion-MNIST sample bundled in data/. */
class MlpClassifierTest {
    static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    static final String[] CLASS_NAMES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };
    static SparkSession spark;
    static Dataset<Row> train;
    static Dataset<Row> test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        spark = LocalSpark.start("MlpClassifierTest");
        train = frame(SAMPLE.resolve("train-images-idx3-ubyte.gz"), 4000);
        test = frame(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), 1000);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** label (double), features (vector), labelName (string), meanIntensity (double); in file order. */
    static Dataset<Row> frame(Path images, int rows) throws IOException {
        DenseDataset data =
                IdxReader.read(images, IdxReader.labelsBeside(images)).head(rows);
        List<Row> list = new ArrayList<>();
        int d = data.numFeatures();
        for (int r = 0; r < data.size(); r++) {
            double[] x = Arrays.copyOfRange(data.features(), r * d, (r + 1) * d);
            int label = data.labels()[r];
            list.add(RowFactory.create(
                    (double) label,
                    Vectors.dense(x),
                    CLASS_NAMES[label],
                    Arrays.stream(x).average().orElse(0)));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("labelName", DataTypes.StringType, false, Metadata.empty()),
            new StructField("meanIntensity", DataTypes.DoubleType, false, Metadata.empty())
        });
        return spark.createDataFrame(list, schema).repartition(1).cache();
    }

    static MlpClassifier classifier(int inputs) {
        return new MlpClassifier()
                .setLayers(inputs, 32, 10)
                .setActivation("relu")
                .setOptimizer("momentum")
                .setLearningRate(0.05)
                .setBatchSize(100)
                .setEpochs(2)
                .setNumPartitions(2);
    }

    static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void fitTrainsTheSameNetworkAsTheCommandLineAndTransformAddsPredictionProbabilityAndRaw() throws IOException {
        MlpClassificationModel model = classifier(784).fit(train);
        Dataset<Row> predictions = model.transform(test);
        assertTrue(
                Arrays.asList(predictions.columns()).containsAll(List.of("rawPrediction", "probability", "prediction")),
                Arrays.toString(predictions.columns()));
        double accuracy = accuracy(predictions);
        assertTrue(accuracy > 0.72, "accuracy " + accuracy);
        for (Row row :
                predictions.select("probability", "prediction", "rawPrediction").takeAsList(20)) {
            double[] p = ((Vector) row.get(0)).toArray();
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
            assertEquals(((Vector) row.get(0)).argmax(), row.getDouble(1), 0.0);
            assertArrayEquals(((Vector) row.get(2)).toArray(), p, 1e-12, "softmax output: probability = z(L)");
        }

        // mlp train on the same rows (first 4000 of the sample, same order), same settings and partitions
        Path rows = dir.resolve("train.parquet");
        train.limit(4000).write().parquet(rows.toString());
        Path cliModel = dir.resolve("cli-model");
        StringWriter err = new StringWriter();
        CommandLine cli = MlpCommand.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        assertEquals(
                0,
                cli.execute(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        rows.toString(),
                        "--format",
                        "parquet",
                        "--partitions",
                        "2",
                        "--layers",
                        "784-32-10",
                        "--activation",
                        "relu",
                        "--optimizer",
                        "momentum",
                        "--lr",
                        "0.05",
                        "--batch",
                        "100",
                        "--epochs",
                        "2",
                        "--model",
                        cliModel.toString()),
                err.toString());
        MlpModel fromCli = ModelDirectory.read(cliModel.toString(), new org.apache.hadoop.conf.Configuration());
        assertArrayEquals(
                fromCli.parameters(),
                model.network().parameters(),
                0.0,
                "one implementation: the estimator's weights are the command line's, to the bit");
    }

    @Test
    void theBarrierEngineFitsTheJobsEnginesWeightsToTheBit() {
        MlpClassificationModel jobs = classifier(784).setEpochs(1).fit(train);
        MlpClassificationModel barrier =
                classifier(784).setEpochs(1).setEngine("barrier").fit(train);
        assertArrayEquals(jobs.network().parameters(), barrier.network().parameters(), 0.0);
        assertEquals("barrier", barrier.network().metadata().get("engine"));
    }

    @Test
    void worksInAPipelineWithStringIndexerAndVectorAssemblerAndSavesAndLoads() throws IOException {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("labelName").setOutputCol("classIndex"),
            new VectorAssembler()
                    .setInputCols(new String[] {"features", "meanIntensity"})
                    .setOutputCol("assembled"),
            classifier(785)
                    .setFeaturesCol("assembled")
                    .setLabelCol("classIndex")
                    .setStandardize(true)
        });
        PipelineModel fitted = pipeline.fit(train.drop("label"));
        Dataset<Row> predicted = fitted.transform(test.drop("label"));
        double accuracy = new MulticlassClassificationEvaluator()
                .setLabelCol("classIndex")
                .setMetricName("accuracy")
                .evaluate(predicted);
        assertTrue(accuracy > 0.72, "accuracy " + accuracy);

        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        MlpClassificationModel stage = assertInstanceOf(MlpClassificationModel.class, loaded.stages()[2]);
        assertEquals("assembled", stage.getFeaturesCol());
        List<Row> before = predicted.select("probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(test.drop("label"))
                .select("probability", "prediction")
                .collectAsList();
        assertEquals(before, after, "the loaded pipeline predicts exactly as the fitted one");
    }

    @Test
    void crossValidatorPicksALearningRateByAccuracyAndItsModelSavesAndLoads() throws IOException {
        MlpClassifier mlp = classifier(784).setEpochs(1);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(mlp.learningRate(), new double[] {1e-5, 0.05})
                .build();
        MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        CrossValidatorModel cv = new CrossValidator()
                .setEstimator(mlp)
                .setEstimatorParamMaps(grid)
                .setEvaluator(evaluator)
                .setNumFolds(2)
                .setSeed(7)
                .fit(train);
        double[] metrics = cv.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0] + 0.2, "μ = 1e-5 barely learns in one epoch: " + Arrays.toString(metrics));
        MlpClassificationModel best = assertInstanceOf(MlpClassificationModel.class, cv.bestModel());
        assertEquals(0.05, (Double) best.parent().getOrDefault(mlp.learningRate()), 0.0);

        String path = dir.resolve("cv").toString();
        cv.write().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        assertArrayEquals(metrics, loaded.avgMetrics(), 0.0);
        assertEquals(evaluator.evaluate(cv.transform(test)), evaluator.evaluate(loaded.transform(test)), 0.0);
    }

    @Test
    void theModelFileInsideASavedModelIsTheOneTheCommandLineReads() throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        MlpClassifier mlp = classifier(784)
                .setEpochs(1)
                .setValidationIndicatorCol("isValidation")
                .setCheckpointDir(checkpoints.toString());
        Dataset<Row> marked = train.withColumn(
                "isValidation",
                col("label")
                        .equalTo(col("label"))
                        .and(org.apache.spark.sql.functions.rand(3).lt(0.2)));
        MlpClassificationModel model = mlp.fit(marked);
        assertTrue(
                model.network().metadata().containsKey("validationAccuracy"),
                model.network().metadata().toString());
        try (var written = java.nio.file.Files.list(checkpoints)) {
            assertTrue(
                    written.anyMatch(f -> f.getFileName().toString().startsWith("checkpoint-")),
                    "a checkpoint per epoch in " + checkpoints);
        }
        String path = dir.resolve("model").toString();
        model.write().save(path);
        assertEstimatorSavesAndLoads(mlp);

        StringWriter out = new StringWriter();
        CommandLine cli = MlpCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("inspect", "--model", path + "/" + SavedNetwork.MODEL_FILE, "--json"));
        assertTrue(out.toString().contains("\"layers\" : \"784-32-10\""), out.toString());
        MlpClassificationModel loaded = MlpClassificationModel.load(path);
        assertArrayEquals(model.network().parameters(), loaded.network().parameters(), 0.0);
        assertEquals(model.uid(), loaded.uid());
    }

    private void assertEstimatorSavesAndLoads(MlpClassifier mlp) {
        String path = dir.resolve("estimator").toString();
        try {
            mlp.write().save(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        MlpClassifier loaded = MlpClassifier.load(path);
        assertEquals(mlp.uid(), loaded.uid());
        for (Param<?> param : mlp.params()) {
            assertEquals(json(mlp, param), json(loaded, loaded.getParam(param.name())), param.name());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String json(Params owner, Param param) {
        return owner.isDefined(param) ? param.jsonEncode(owner.getOrDefault(param)) : "undefined";
    }

    @Test
    void aFitInterruptedAfterACheckpointAndResumedGivesTheWeightsOfAnUninterruptedFit() throws Exception {
        MlpClassifier mlp = classifier(784)
                .setOptimizer("adam")
                .setLearningRate(0.002)
                .setLrSchedule("cosine")
                .setWeightDecay(1e-4);
        double[] uninterrupted = mlp.fit(train).network().parameters();

        String checkpoints = dir.resolve("checkpoints").toString();
        // the first fit stops after 50 of 80 iterations, as if it had failed there
        mlp.copy(new ParamMap())
                .setCheckpointDir(checkpoints)
                .setCheckpointInterval(15)
                .setMaxIterations(50)
                .fit(train);
        long stoppedAt = new CheckpointStore(
                        new org.apache.hadoop.fs.Path(checkpoints),
                        spark.sparkContext().hadoopConfiguration())
                .latest()
                .orElseThrow()
                .iteration();
        assertEquals(50, stoppedAt);

        IterationsTrained trained = new IterationsTrained();
        spark.sparkContext().addSparkListener(trained);
        MlpClassificationModel resumed;
        try {
            resumed = mlp.copy(new ParamMap())
                    .setCheckpointDir(checkpoints)
                    .setResume(true)
                    .fit(train);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(trained);
        }
        assertEquals(80 - stoppedAt, trained.iterations.size(), "the resumed fit trains only the iterations left");
        assertArrayEquals(uninterrupted, resumed.network().parameters(), "same partitions: bit-identical");
    }

    /** The distinct iterations whose Spark jobs started, by their job descriptions ("epoch 2/2 · iteration 7/40"). */
    private static final class IterationsTrained extends SparkListener {
        final Set<String> iterations = ConcurrentHashMap.newKeySet();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            String description = jobStart.properties().getProperty("spark.job.description");
            if (description != null && description.contains("iteration")) {
                iterations.add(description);
            }
        }
    }

    @Test
    void aLabelOutsideTheNetworksClassesIsAClearError() {
        Dataset<Row> bad = train.withColumn("label", col("label").plus(5));
        Exception e = assertThrows(Exception.class, () -> classifier(784).fit(bad));
        String message = String.valueOf(e.getMessage()) + " / " + e.getCause();
        assertTrue(message.contains("the training rows") && message.contains("label"), message);
    }
}
