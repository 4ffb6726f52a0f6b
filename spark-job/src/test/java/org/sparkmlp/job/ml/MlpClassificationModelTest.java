package org.sparkmlp.job.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
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
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.SampleModels;
import org.sparkmlp.job.cli.InProcessMlp;
import org.sparkmlp.job.model.ModelFile;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * The batched {@code transform} against Spark ML's per-row path ({@code predictRaw}, {@code predictProbability},
 * {@code predict} on each row's features) and against {@code mlp predict}, on the Fashion-MNIST sample: the 10,000
 * training rows in three partitions, so that every partition spans several chunks and ends in a partial one.
 */
class MlpClassificationModelTest {
    static SparkSession spark;
    static DenseDataset rows;
    static Dataset<Row> frame;
    static MlpClassificationModel model;

    @BeforeAll
    static void setUp() throws IOException {
        spark = LocalSpark.start("MlpClassificationModelTest");
        DenseDataset train = SampleModels.read(true);
        Topology topology = Topology.parse("784-64-32-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        model = new MlpClassificationModel(
                "mlpc_test", SampleModels.trained(topology, SampleModels.standardisation(train), train));
        rows = SampleModels.read(false);
        List<Row> list = new ArrayList<>();
        int d = train.numFeatures();
        for (int r = 0; r < train.size(); r++) {
            list.add(RowFactory.create(
                    (long) r, Vectors.dense(Arrays.copyOfRange(train.features(), r * d, (r + 1) * d))));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("row", DataTypes.LongType, false, Metadata.empty()),
            new StructField("features", new VectorUDT(), false, Metadata.empty())
        });
        frame = spark.createDataFrame(list, schema).repartition(3).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void transformHasSparkMlsColumnsAndTheValuesOfItsPerRowPath() {
        Dataset<Row> scored = model.transform(frame);
        assertEquals(
                List.of("row", "features", "rawPrediction", "probability", "prediction"), List.of(scored.columns()));
        StructType expected = model.transformSchema(frame.schema());
        for (StructField field : scored.schema().fields()) {
            assertEquals(
                    expected.apply(field.name()),
                    field,
                    "column " + field.name() + " (its metadata: "
                            + field.metadata().json() + ")");
        }
        List<Row> out = scored.collectAsList();
        assertEquals(10_000, out.size());
        double worst = 0;
        int inexact = 0;
        for (Row row : out) {
            Vector features = row.getAs("features");
            double[] raw = model.predictRaw(features).toArray();
            double[] p = model.predictProbability(features).toArray();
            double[] batchedRaw = ((Vector) row.getAs("rawPrediction")).toArray();
            double[] batchedP = ((Vector) row.getAs("probability")).toArray();
            for (int k = 0; k < raw.length; k++) {
                worst = Math.max(worst, Math.max(relative(raw[k], batchedRaw[k]), relative(p[k], batchedP[k])));
            }
            inexact += Arrays.equals(raw, batchedRaw) && Arrays.equals(p, batchedP) ? 0 : 1;
            assertEquals(model.predict(features), row.<Double>getAs("prediction"), 0.0, "row " + row.get(0));
        }
        // one example per GEMM and 1024 per GEMM need not round alike (BLAS kernels block differently)
        System.out.printf(
                "batched vs per-row: %d of %d rows differ in a bit, by at most %.1e relative%n",
                inexact, out.size(), worst);
        assertTrue(worst <= 1e-12, "largest relative difference " + worst);
    }

    private static double relative(double expected, double actual) {
        return expected == actual ? 0 : Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }

    /** Thresholds and empty column names act as in Spark ML, whichever columns are kept. */
    @Test
    void thresholdsAndDroppedColumnsActAsInSparkMl() {
        double[] thresholds = {0.9, 0.5, 0.7, 0.3, 0.8, 0.4, 0.2, 0.6, 0.5, 0.35};
        MlpClassificationModel all =
                model.copy(new org.apache.spark.ml.param.ParamMap()).setThresholds(thresholds);
        MlpClassificationModel probabilityOnly =
                all.copy(new org.apache.spark.ml.param.ParamMap()).setRawPredictionCol("");
        MlpClassificationModel predictionOnly =
                probabilityOnly.copy(new org.apache.spark.ml.param.ParamMap()).setProbabilityCol("");
        int changed = 0;
        for (MlpClassificationModel m : List.of(all, probabilityOnly, predictionOnly)) {
            Dataset<Row> scored = m.transform(frame);
            for (Row row : scored.collectAsList()) {
                Vector features = row.getAs("features");
                double predicted = row.getAs("prediction");
                assertEquals(m.predict(features), predicted, 0.0, "row " + row.get(0));
                changed += predicted == model.predictRaw(features).argmax() ? 0 : 1;
            }
        }
        assertEquals(
                List.of("row", "features", "probability", "prediction"),
                List.of(probabilityOnly.transform(frame).columns()));
        assertEquals(
                List.of("row", "features", "prediction"),
                List.of(predictionOnly.transform(frame).columns()));
        MlpClassificationModel none =
                predictionOnly.copy(new org.apache.spark.ml.param.ParamMap()).setPredictionCol("");
        assertEquals(List.of("row", "features"), List.of(none.transform(frame).columns()));
        // the thresholds change some predictions, so the check above compared more than argmax with argmax
        assertTrue(changed > 0, "predictions the thresholds changed");
    }

    /**
     * The same model file through mlp predict: its classes, and with a softmax output its probabilities z(L) (as
     * far as its CSV prints them).
     */
    @Test
    void transformAgreesWithMlpPredict(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.mlp");
        ModelFile.write(model.network(), new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
        Path out = dir.resolve("predictions");
        InProcessMlp.Result predict = InProcessMlp.run(
                "predict",
                "--model",
                file.toString(),
                "--data",
                SampleModels.SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(),
                "--out",
                out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<Row> scored = model.transform(frame).orderBy("row").collectAsList();
        int compared = 0;
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                List<String> lines = Files.readAllLines(part);
                for (String line : lines.subList(1, lines.size())) { // after the header
                    String[] fields = line.split(",");
                    Row row = scored.get(Integer.parseInt(fields[0]));
                    assertEquals(Double.parseDouble(fields[1]), row.<Double>getAs("prediction"), 0.0, line);
                    double[] z = ((Vector) row.getAs("rawPrediction")).toArray();
                    for (int k = 0; k < z.length; k++) {
                        // mlp predict's CSV prints 15 significant digits
                        assertEquals(Double.parseDouble(fields[2 + k]), z[k], 1e-14 * z[k], line);
                    }
                    compared++;
                }
            }
        }
        assertEquals(10_000, compared);
    }
}
