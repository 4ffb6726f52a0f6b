package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * FP32 compute ({@code --precision float32}) and FP32 on the wire ({@code --wire float32}) against FP64, on 1000
 * rows of the Fashion-MNIST sample: deterministic, partition-invariant within FP32 rounding, and close to FP64.
 */
class Float32TrainingTest {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    private static final Topology TOPOLOGY =
            Topology.parse("784-32-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    /** Two epochs of 16 minibatches. */
    private static final TrainingConfig CONFIG = new TrainingConfig(64, 2, Shuffle.EPOCH, 5);

    private static SparkSession spark;
    private static JavaSparkContext sc;
    private static DenseDataset train;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.start("Float32TrainingTest");
        sc = LocalSpark.context(spark);
        train = IdxReader.read(
                        SAMPLE.resolve("train-images-idx3-ubyte.gz"), SAMPLE.resolve("train-labels-idx1-ubyte.gz"))
                .head(1000);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** FP32's unit roundoff, 2^−24. */
    private static final double U = 0x1p-24;

    /**
     * The partitioning changes only where the FP32 partition sums are rounded and in which order they are added, a
     * few u of the gradient per iteration; after 32 iterations the weights differ by less than 16·u of the largest
     * weight (measured: 0.7·u).
     */
    @Test
    void float32RunsAreBitIdenticalAndDependOnThePartitionsOnlyWithinFloat32Rounding() throws IOException {
        double[] two = train(Precision.FLOAT32, Precision.FLOAT32, 2);
        assertArrayEquals(two, train(Precision.FLOAT32, Precision.FLOAT32, 2), 0.0);
        for (int partitions : new int[] {1, 3}) {
            double difference =
                    SparkTrainerTest.relativeDifference(train(Precision.FLOAT32, Precision.FLOAT32, partitions), two);
            assertTrue(difference < 16 * U, partitions + " partitions differ from 2 by " + difference);
        }
    }

    /**
     * After 32 iterations FP32 on the wire and FP32 compute stay within 16·u of the largest weight of the FP64 run
     * (measured: 0.13·u and 0.6·u), and differ from it, so the FP32 paths really ran.
     */
    @Test
    void float32ComputeAndFloat32WireStayWithinFloat32RoundingOfFloat64() throws IOException {
        double[] exact = train(Precision.FLOAT64, Precision.FLOAT64, 2);
        for (Precision precision : Precision.values()) {
            double difference = SparkTrainerTest.relativeDifference(train(precision, Precision.FLOAT32, 2), exact);
            assertTrue(difference > 0 && difference < 16 * U, precision + " compute: " + difference);
        }
    }

    /**
     * Under FP32 both engines add the same FP32 partition sums in FP32 in partition order: bit-identical weights,
     * also with 3 partitions on local[2]'s 2 barrier tasks.
     */
    @Test
    void bothEnginesGiveBitIdenticalWeightsUnderFloat32() throws IOException {
        for (Precision precision : Precision.values()) {
            for (int partitions : new int[] {2, 3}) {
                assertArrayEquals(
                        train(Engine.JOBS, precision, Precision.FLOAT32, partitions),
                        train(Engine.BARRIER, precision, Precision.FLOAT32, partitions),
                        0.0,
                        precision + " compute, " + partitions + " partitions");
            }
        }
    }

    /**
     * FP32 compute on the same rows stored as CSR (the sparse first layer, not a densified minibatch) differs from
     * the dense rows only in the order and precision of the first layer's sums: within 16·u of the largest weight
     * after 32 iterations (measured: 0.31·u and 0.45·u for 1 and 3 partitions), for any partition count, and the
     * same bits from both engines.
     */
    @Test
    void float32ComputeOnSparseRowsStaysWithinFloat32RoundingOfTheDenseRows() throws IOException {
        double[] dense = train(Engine.JOBS, Precision.FLOAT32, Precision.FLOAT32, 2);
        for (int partitions : new int[] {1, 3}) {
            double[] sparse =
                    train(Engine.JOBS, FeatureStorage.SPARSE, Precision.FLOAT32, Precision.FLOAT32, partitions);
            double difference = SparkTrainerTest.relativeDifference(sparse, dense);
            assertTrue(
                    difference > 0 && difference < 16 * U,
                    partitions + " partitions of CSR rows differ by " + difference);
            assertArrayEquals(
                    sparse,
                    train(Engine.BARRIER, FeatureStorage.SPARSE, Precision.FLOAT32, Precision.FLOAT32, partitions),
                    0.0,
                    "barrier engine, " + partitions + " partitions");
        }
    }

    private static double[] train(Precision precision, Precision wire, int partitions) throws IOException {
        return train(Engine.JOBS, precision, wire, partitions);
    }

    private static double[] train(Engine engine, Precision precision, Precision wire, int partitions)
            throws IOException {
        return train(engine, FeatureStorage.FLOAT64, precision, wire, partitions);
    }

    private static double[] train(
            Engine engine, FeatureStorage storage, Precision precision, Precision wire, int partitions)
            throws IOException {
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, partitions);
        if (storage != FeatureStorage.FLOAT64) {
            blocks = blocks.map(b -> b.withFeatures(storage.pack(b.features()))).persist(StorageLevel.MEMORY_ONLY());
        }
        double[] w = Initializer.initialize(TOPOLOGY, 11);
        Optimizer optimizer = Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.02))
                .build(TOPOLOGY.parameterCount());
        return new SparkTrainer(sc, TOPOLOGY, CONFIG, TrainingLimits.none(), engine, precision, wire)
                .train(TrainingRequest.of(w, optimizer, blocks, train.size()).withStorage(storage))
                .parameters();
    }
}
