package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * The storage kinds on real data through the loader and {@link TrainingRun}: what a cached row costs, and what
 * each kind does to the trained weights (uint8: nothing; sparse: the summation order of its first layer; float32:
 * within its rounding, and nothing under FP32 compute), for any partition count.
 */
class StorageKindsTest {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    private static final String TRAIN =
            SAMPLE.resolve("train-images-idx3-ubyte.gz").toString();
    private static final String TEST =
            SAMPLE.resolve("t10k-images-idx3-ubyte.gz").toString();

    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("StorageKindsTest");
        sc = LocalSpark.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aFashionMnistRowCostsAtMost800BytesAsUint8AndAutoPicksUint8ForIdx() throws IOException {
        Map<FeatureStorage, Double> perRow = new EnumMap<>(FeatureStorage.class);
        for (FeatureStorage kind : FeatureStorage.values()) {
            perRow.put(kind, bytesPerRow(load(TRAIN, kind, 3)));
        }
        System.out.println("bytes per cached Fashion-MNIST row: " + perRow);
        // the row's number (8), its label (4) and its features: 784 bytes, floats or doubles
        assertEquals(8 + 4 + 784, perRow.get(FeatureStorage.UINT8));
        assertTrue(perRow.get(FeatureStorage.UINT8) <= 800);
        assertEquals(8 + 4 + 4 * 784, perRow.get(FeatureStorage.FLOAT32));
        assertEquals(8 + 4 + 8 * 784, perRow.get(FeatureStorage.FLOAT64));
        LoadedData auto = load(TRAIN, null, 2);
        assertEquals(FeatureStorage.UINT8, auto.storage());
        assertEquals(FeatureStorage.UINT8, auto.blocks().first().features().storage());
        auto.blocks().unpersist(false);
    }

    @Test
    void uint8GivesTheWeightsOfFloat64AndFloat32ComesWithinItsRoundingForAnyPartitionCount() throws IOException {
        LoadedData test = load(TEST, FeatureStorage.UINT8, 2);
        Map<FeatureStorage, double[]> weights = new EnumMap<>(FeatureStorage.class);
        Map<FeatureStorage, Double> accuracy = new EnumMap<>(FeatureStorage.class);
        for (FeatureStorage kind : FeatureStorage.values()) {
            MlpModel one = train(kind, 1);
            MlpModel three = train(kind, 3);
            // as SparkTrainerTest: the partitions' sums are added in another grouping, so equal to rounding
            double partitioning = relativeDifference(one.parameters(), three.parameters());
            assertTrue(partitioning < 1e-9, kind.cliName() + ": 1 and 3 partitions differ by " + partitioning);
            weights.put(kind, three.parameters());
            accuracy.put(
                    kind,
                    DistributedEvaluation.evaluate(test.blocks(), sc.broadcast(three.parameters()), three.topology())
                            .accuracy());
        }
        System.out.println("test accuracy after 60 iterations by storage: " + accuracy);
        assertArrayEquals(
                weights.get(FeatureStorage.FLOAT64),
                weights.get(FeatureStorage.UINT8),
                "uint8 is read as the very doubles of float64");
        double sparse = relativeDifference(weights.get(FeatureStorage.FLOAT64), weights.get(FeatureStorage.SPARSE));
        assertTrue(sparse < 1e-9, "CSR rows move the weights of the same rows dense by " + sparse);
        double rounding = relativeDifference(weights.get(FeatureStorage.FLOAT64), weights.get(FeatureStorage.FLOAT32));
        System.out.println("float32 storage: max |w32 − w64| / max |w64| = " + rounding);
        assertTrue(rounding > 0, "float32 storage rounds the features, so the weights differ");
        assertTrue(rounding <= 1e-6, "float32 storage moves the weights by " + rounding);
        assertEquals(accuracy.get(FeatureStorage.FLOAT64), accuracy.get(FeatureStorage.FLOAT32), 0.005);
    }

    /**
     * Lazy Adam skips exactly the gradients that are 0, and a pixel no image of the minibatch holds has gradient 0
     * however the rows are stored: CSR rows (whose step covers only the minibatch's pixels) move the weights of the
     * same rows dense, and the partitioning does not matter, both to rounding.
     */
    @Test
    void lazyAdamMovesTheSameWeightsOnCsrAndDenseRowsForAnyPartitionCount() throws IOException {
        MlpModel dense = train(FeatureStorage.FLOAT64, 2, "lazy-adam", 0.001);
        MlpModel one = train(FeatureStorage.SPARSE, 1, "lazy-adam", 0.001);
        MlpModel three = train(FeatureStorage.SPARSE, 3, "lazy-adam", 0.001);
        MlpModel adam = train(FeatureStorage.SPARSE, 3, "adam", 0.001);
        assertTrue(relativeDifference(dense.parameters(), one.parameters()) < 1e-9, "dense against CSR rows");
        assertTrue(relativeDifference(one.parameters(), three.parameters()) < 1e-9, "1 against 3 partitions");
        double fromAdam = relativeDifference(adam.parameters(), three.parameters());
        assertTrue(fromAdam > 1e-3, "lazy Adam is not Adam where the border pixels are 0: " + fromAdam);
    }

    /**
     * Under FP32 compute, auto stores dense CSV features as float32, to which FP32 rounds them anyway: float64
     * storage's weights to the bit, in half the memory. Under FP64, auto keeps float64. Real regression data (the
     * RAND sample: 9 covariates, few of them zero), standardised and not, so both of auto's paths are taken.
     */
    @Test
    void autoStoresDenseFeaturesAsFloat32UnderFloat32ComputeWithTheWeightsOfFloat64Storage() throws IOException {
        for (boolean standardize : new boolean[] {false, true}) {
            MlpModel auto = trainRegression("auto", "float32", standardize);
            MlpModel float64 = trainRegression("float64", "float32", standardize);
            assertEquals("float32", auto.metadata().get("storage"), "standardize " + standardize);
            assertEquals("float64", float64.metadata().get("storage"));
            assertArrayEquals(float64.parameters(), auto.parameters(), "standardize " + standardize);
            assertEquals(
                    "float64",
                    trainRegression("auto", "float64", standardize).metadata().get("storage"));
        }
    }

    private static MlpModel trainRegression(String storage, String precision, boolean standardize) throws IOException {
        TrainingSpec spec = TrainingSpec.builder()
                .task("regression")
                .layers("9-8-1")
                .activation("relu")
                .standardize(standardize)
                .optimizer("adam")
                .lr(0.01)
                .batch(200)
                .maxIterations(40)
                .precision(precision)
                .storage(storage)
                .partitions(2)
                .build();
        TrainingRun run = new TrainingRun(spec);
        String csv = Path.of("..", "data", "randhie", "test.csv").toString();
        LoadedData train =
                DataLoader.load(spark, run.loading(new DataSpec(csv, null, null, "mdvis", null, true)), 2, 9, 1);
        TrainingRun.Data data = run.prepare(train, null);
        Map<String, Object> metadata = new java.util.HashMap<>();
        MlpModel model =
                run.train(sc, data, null, (result, validation) -> {}, metadata).model();
        train.blocks().unpersist(false);
        data.train().blocks().unpersist(false);
        return model;
    }

    private static MlpModel train(FeatureStorage kind, int partitions) throws IOException {
        return train(kind, partitions, "momentum", 0.05);
    }

    private static MlpModel train(FeatureStorage kind, int partitions, String optimizer, double lr) throws IOException {
        TrainingSpec spec = TrainingSpec.builder()
                .layers("784-32-10")
                .activation("relu")
                .optimizer(optimizer)
                .lr(lr)
                .batch(100)
                .maxIterations(60)
                .storage(kind.cliName())
                .partitions(partitions)
                .build();
        TrainingRun run = new TrainingRun(spec);
        LoadedData train = DataLoader.load(spark, run.loading(DataSpec.labelled(TRAIN)), partitions, 784, 10);
        assertEquals(kind, train.storage());
        TrainingRun.Data data = run.prepare(train, null);
        MlpModel model =
                run.train(sc, data, null, (result, validation) -> {}, Map.of()).model();
        train.blocks().unpersist(false);
        return model;
    }

    /** max |a − b| / max |a|. */
    private static double relativeDifference(double[] a, double[] b) {
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i]));
            difference = Math.max(difference, Math.abs(a[i] - b[i]));
        }
        return difference / largest;
    }

    private static LoadedData load(String path, FeatureStorage kind, int partitions) throws IOException {
        return DataLoader.load(spark, DataSpec.labelled(path).withStorage(kind), partitions, 784, 10);
    }

    private static double bytesPerRow(LoadedData data) {
        long bytes = data.blocks().map(LabeledBlock::bytes).reduce(Long::sum);
        data.blocks().unpersist(false);
        return (double) bytes / data.count();
    }
}
