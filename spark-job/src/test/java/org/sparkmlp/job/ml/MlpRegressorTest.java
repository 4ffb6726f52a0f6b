package org.sparkmlp.job.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.LeastSquares;
import org.sparkmlp.job.model.CheckpointStore;
import org.sparkmlp.job.onnx.OnnxRuntimeCheck;
import org.sparkmlp.job.spark.LocalSpark;

/** {@link MlpRegressor} in local[2] on the RAND health insurance data bundled in {@code data/randhie}. */
class MlpRegressorTest {
    static final Path RANDHIE = Path.of("..", "data", "randhie");
    static SparkSession spark;
    static LeastSquares.Split data;
    static Dataset<Row> train;
    static Dataset<Row> test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        spark = LocalSpark.start("MlpRegressorTest");
        data = LeastSquares.read(RANDHIE.resolve("train.csv"), RANDHIE.resolve("test.csv"), "mdvis");
        train = frame(data.trainX(), data.trainY());
        test = frame(data.testX(), data.testY());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** label (double), features (vector), in file order. */
    static Dataset<Row> frame(double[][] x, double[] y) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < x.length; r++) {
            rows.add(RowFactory.create(y[r], Vectors.dense(x[r])));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", new VectorUDT());
        return spark.createDataFrame(rows, schema).repartition(1).cache();
    }

    static MlpRegressor regressor() {
        return new MlpRegressor()
                .setLayers(9, 16, 1)
                .setActivation("tanh")
                .setStandardize(true)
                .setOptimizer("adam")
                .setLearningRate(0.003)
                .setBatchSize(64)
                .setEpochs(3)
                .setNumPartitions(2);
    }

    @Test
    void fitPredictsInTheLabelsUnitsAndMatchesLeastSquaresByRegressionEvaluator() throws Exception {
        MlpRegressor mlp = regressor();
        assertEquals("identity", mlp.getOrDefault(mlp.outputActivation()));
        assertEquals("quadratic", mlp.getOrDefault(mlp.loss()));
        MlpRegressionModel model = mlp.fit(train);
        Dataset<Row> predictions = model.transform(test);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(predictions);
        double baseline = LeastSquares.fit(data.trainX(), data.trainY()).rmse(data.testX(), data.testY());
        assertTrue(rmse < 1.03 * baseline, "MLP test RMSE " + rmse + " vs least squares " + baseline);
        // the batched transform gives predict's value for every row
        List<Row> rows = predictions.select("features", "prediction").collectAsList();
        for (Row row : rows.subList(0, 50)) {
            assertEquals(model.predict(row.getAs(0)), row.getDouble(1), 1e-12);
        }
        assertTrue(model.network().targetScaling().numFeatures() == 1, "the targets were standardised");

        // the exported file, run by ONNX Runtime, predicts the same values in the labels' units
        Path onnx = dir.resolve("model.onnx");
        model.exportOnnx(onnx.toString());
        int n = 200;
        double[] x = new double[n * 9];
        for (int r = 0; r < n; r++) {
            System.arraycopy(data.testX()[r], 0, x, r * 9, 9);
        }
        float[][] exported = OnnxRuntimeCheck.runRegression(Files.readAllBytes(onnx), x, n, 9);
        double scale = model.network().targetScaling().stdDev()[0];
        for (int r = 0; r < n; r++) {
            double expected = model.predict(Vectors.dense(data.testX()[r]));
            assertEquals(expected, exported[r][0], OnnxRuntimeCheck.TOLERANCE * scale, "row " + r);
        }
    }

    @Test
    void savesAndLoadsAndCrossValidatorPicksALearningRateByRmse() throws IOException {
        MlpRegressor mlp = regressor().setEpochs(1);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(mlp.learningRate(), new double[] {1e-6, 0.003})
                .build();
        RegressionEvaluator evaluator = new RegressionEvaluator().setMetricName("rmse");
        CrossValidatorModel cv = new CrossValidator()
                .setEstimator(mlp)
                .setEstimatorParamMaps(grid)
                .setEvaluator(evaluator)
                .setNumFolds(2)
                .setSeed(7)
                .fit(train);
        double[] metrics = cv.avgMetrics();
        assertTrue(metrics[1] < metrics[0], "μ = 1e-6 barely learns in one epoch: " + Arrays.toString(metrics));
        MlpRegressionModel best = assertInstanceOf(MlpRegressionModel.class, cv.bestModel());
        assertEquals(0.003, (Double) best.parent().getOrDefault(mlp.learningRate()), 0.0);

        String path = dir.resolve("model").toString();
        best.write().save(path);
        MlpRegressionModel loaded = MlpRegressionModel.load(path);
        assertEquals(evaluator.evaluate(best.transform(test)), evaluator.evaluate(loaded.transform(test)), 0.0);
        String estimator = dir.resolve("estimator").toString();
        mlp.write().save(estimator);
        MlpRegressor again = MlpRegressor.load(estimator);
        assertEquals(mlp.trainingSpec().topology(), again.trainingSpec().topology());
    }

    @Test
    void aFitInterruptedAfterACheckpointAndResumedGivesTheWeightsOfAnUninterruptedFit() throws Exception {
        MlpRegressor mlp = regressor().setEpochs(1).setBatchSize(256);
        double[] uninterrupted = mlp.fit(train).network().parameters();
        String checkpoints = dir.resolve("checkpoints").toString();
        mlp.copy(new ParamMap())
                .setCheckpointDir(checkpoints)
                .setCheckpointInterval(20)
                .setMaxIterations(40)
                .fit(train);
        long stoppedAt = new CheckpointStore(
                        new org.apache.hadoop.fs.Path(checkpoints),
                        spark.sparkContext().hadoopConfiguration())
                .latest()
                .orElseThrow()
                .iteration();
        assertEquals(40, stoppedAt);
        MlpRegressionModel resumed = mlp.copy(new ParamMap())
                .setCheckpointDir(checkpoints)
                .setResume(true)
                .fit(train);
        assertArrayEquals(uninterrupted, resumed.network().parameters(), "same partitions: bit-identical");
    }

    /** FP32 rounds every feature to float, so auto caches dense vectors as float32: float64's weights, to the bit. */
    @Test
    void underFloat32AutoCachesDenseVectorsAsFloat32WithTheWeightsOfFloat64Storage() {
        MlpRegressor fp32 = regressor().setEpochs(1).setPrecision("float32");
        MlpRegressionModel auto = fp32.fit(train);
        MlpRegressionModel float64 =
                fp32.copy(new ParamMap()).setStorage("float64").fit(train);
        assertEquals("float32", auto.network().metadata().get("storage"));
        assertEquals("float64", float64.network().metadata().get("storage"));
        assertArrayEquals(float64.network().parameters(), auto.network().parameters());
    }

    @Test
    void theTaskParamIsTheEstimatorsOwnAndOneOutputIsRequired() {
        MlpRegressor mlp = new MlpRegressor();
        assertEquals("regression", mlp.getOrDefault(mlp.task()));
        assertThrows(IllegalArgumentException.class, () -> mlp.set(mlp.task(), "classification"));
        Exception e = assertThrows(
                IllegalArgumentException.class,
                () -> regressor().setLayers(9, 2).fit(train));
        assertTrue(e.getMessage().contains("layers must end in 1"), e.getMessage());
    }
}
