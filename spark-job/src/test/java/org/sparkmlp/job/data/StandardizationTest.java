package org.sparkmlp.job.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Float64Block;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.job.spark.LocalSpark;

class StandardizationTest {
    private static final int D = 5;
    /** Block sizes, including an empty block. */
    private static final int[] SIZES = {40, 0, 1, 73, 17};

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("StandardizationTest");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void fitEqualsASingleProcessTwoPassComputation() {
        List<LabeledBlock> blocks = randomBlocks();
        double[] all = allFeatures(blocks);
        int n = all.length / D;
        double[] mean = new double[D];
        double[] stdDev = new double[D];
        for (int i = 0; i < D; i++) {
            for (int r = 0; r < n; r++) {
                mean[i] += all[r * D + i];
            }
            mean[i] /= n;
            for (int r = 0; r < n; r++) {
                stdDev[i] += (all[r * D + i] - mean[i]) * (all[r * D + i] - mean[i]);
            }
            stdDev[i] = Math.sqrt(stdDev[i] / n);
        }

        FeatureScaling fitted = Standardization.fit(parallelize(blocks));

        assertArrayEquals(mean, fitted.mean(), 1e-12);
        // Feature 4 is constant: its spread 0 becomes 1, as FeatureScaling.standardize does.
        assertEquals(0, stdDev[4]);
        stdDev[4] = 1;
        assertArrayEquals(stdDev, fitted.stdDev(), 1e-12);
    }

    @Test
    void applyScalesACopyAndLeavesTheBlocksAlone() {
        List<LabeledBlock> blocks = randomBlocks();
        JavaRDD<LabeledBlock> rdd = parallelize(blocks).persist(StorageLevel.MEMORY_AND_DISK());
        FeatureScaling scaling = Standardization.fit(rdd);
        double[] before = allFeatures(rdd.collect());

        JavaRDD<LabeledBlock> scaled =
                Standardization.apply(rdd, scaling, FeatureScaling.none(), FeatureStorage.FLOAT64);

        double[] expected = before.clone();
        scaling.applyInPlace(expected, 0, expected.length / D, D);
        List<LabeledBlock> out = scaled.collect();
        assertArrayEquals(expected, allFeatures(out), 0);
        assertEquals(StorageLevel.MEMORY_AND_DISK(), scaled.getStorageLevel());
        assertArrayEquals(before, allFeatures(rdd.collect()), 0);
        for (int k = 0; k < blocks.size(); k++) {
            assertArrayEquals(blocks.get(k).rows(), out.get(k).rows());
            assertArrayEquals(blocks.get(k).labels(), out.get(k).labels());
        }
        assertSame(
                rdd, Standardization.apply(rdd, FeatureScaling.none(), FeatureScaling.none(), FeatureStorage.FLOAT64));
    }

    @Test
    void loadedDataScaledReplacesItsBlocks() {
        JavaRDD<LabeledBlock> rdd = parallelize(randomBlocks()).persist(StorageLevel.MEMORY_AND_DISK());
        LoadedData data = new LoadedData(rdd, 131, D, true, FeatureStorage.FLOAT64, "test data");
        FeatureScaling scaling = Standardization.fit(rdd);
        double[] expected = allFeatures(rdd.collect());
        scaling.applyInPlace(expected, 0, expected.length / D, D);

        LoadedData scaled = data.scaled(scaling);

        assertArrayEquals(expected, allFeatures(scaled.blocks().collect()), 0);
        assertEquals(StorageLevel.NONE(), rdd.getStorageLevel());
        assertEquals("test data, standardised", scaled.description());
        assertSame(scaled, scaled.scaled(FeatureScaling.none()));
    }

    /** Real targets are standardised with their own statistics, the features left alone when asked to. */
    @Test
    void realTargetsAreStandardisedLikeFeatures() {
        double[] y = {1, 10, /**/ 3, 20, /**/ 5, 60};
        LabeledBlock block = new LabeledBlock(
                new long[] {0, 1, 2}, new Float64Block(new double[] {0.5, 1.5, 2.5}, 1), Targets.values(y.clone(), 2));
        JavaRDD<LabeledBlock> rdd = parallelize(List.of(block));
        FeatureScaling targets = Standardization.fitTargets(rdd);
        assertArrayEquals(new double[] {3, 30}, targets.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(1400.0 / 3)}, targets.stdDev(), 1e-12);

        LabeledBlock scaled = Standardization.apply(rdd, FeatureScaling.none(), targets, FeatureStorage.FLOAT64)
                .collect()
                .get(0);
        double[] expected = y.clone();
        targets.applyInPlace(expected, 0, 3, 2);
        assertArrayEquals(expected, scaled.targets().values(), 0);
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, scaled.features().toDoubles(), 0);
        targets.invertInPlace(expected, 0, 3, 2);
        assertArrayEquals(y, expected, 1e-12);
    }

    private static JavaRDD<LabeledBlock> parallelize(List<LabeledBlock> blocks) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(blocks, blocks.size());
    }

    /** Features of different scales and offsets, one constant; rows numbered across blocks. */
    private static List<LabeledBlock> randomBlocks() {
        Random random = new Random(42);
        List<LabeledBlock> blocks = new ArrayList<>();
        long first = 0;
        for (int size : SIZES) {
            double[] x = new double[size * D];
            for (int r = 0; r < size; r++) {
                x[r * D] = random.nextGaussian();
                x[r * D + 1] = 5 + 3 * random.nextGaussian();
                x[r * D + 2] = random.nextDouble();
                x[r * D + 3] = -20 + 0.01 * random.nextGaussian();
                x[r * D + 4] = 0.5;
            }
            int[] y = new int[size];
            Arrays.fill(y, 1);
            blocks.add(new LabeledBlock(LongStream.range(first, first + size).toArray(), x, y, D));
            first += size;
        }
        return blocks;
    }

    private static double[] allFeatures(List<LabeledBlock> blocks) {
        return blocks.stream()
                .flatMapToDouble(b -> Arrays.stream(b.features().toDoubles()))
                .toArray();
    }
}
