package org.sparkmlp.job.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.LabeledBlock;
import scala.reflect.ClassTag$;

/** Kryo as the job configures it: registration required, our classes registered and compact. */
class MlpKryoRegistratorTest {
    private final SerializerInstance kryo = new KryoSerializer(SparkSettings.apply(new SparkConf())).newInstance();

    record Unregistered(int value) {}

    private <T> ByteBuffer write(T value) {
        return kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
    }

    @SuppressWarnings("unchecked")
    private <T> T read(ByteBuffer bytes) {
        return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void registrationIsRequired() {
        SparkConf conf = SparkSettings.apply(new SparkConf());
        assertEquals("true", conf.get("spark.kryo.registrationRequired"));
        assertEquals(KryoSerializer.class.getName(), conf.get("spark.serializer"));
        assertEquals("false", conf.get("spark.broadcast.compress"));
        assertEquals(
                "true",
                SparkSettings.apply(new SparkConf().set("spark.broadcast.compress", "true"))
                        .get("spark.broadcast.compress"),
                "a setting the user made wins");
        Exception e = assertThrows(Exception.class, () -> write(new Unregistered(1)));
        assertTrue(e.getMessage().contains("Class is not registered"), e.getMessage());
    }

    @Test
    void aGradientSumRoundTripsAndAnEmptyOneCostsBytesNotMegabytes() {
        double[] gradient = new double[235_146];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = Math.sin(i) * 1e-3;
        }
        GradientSum sum = read(write(new GradientSum(gradient, 12.5, 64)));
        assertArrayEquals(gradient, sum.gradient());
        assertEquals(12.5, sum.lossSum());
        assertEquals(64, sum.count());

        int float64Bytes = write(sum).remaining();
        GradientSum float32 = new GradientSum(gradient.clone(), 12.5, 64).roundToFloat32();
        ByteBuffer float32Bytes = write(float32);
        assertTrue(float32Bytes.remaining() < float64Bytes / 2 + 32, float32Bytes.remaining() + " bytes");
        GradientSum float32Copy = read(float32Bytes);
        assertTrue(float32Copy.isFloat32());
        assertArrayEquals(float32.gradient(), float32Copy.gradient());

        ByteBuffer empty = write(new GradientSum(gradient.length));
        assertTrue(empty.remaining() < 32, empty.remaining() + " bytes");
        GradientSum zero = read(empty);
        assertEquals(gradient.length, zero.gradient().length);
        assertEquals(0, zero.count());
    }

    /** A sparse first layer's gradient: zero columns are skipped, every other value (−0.0 and NaN too) kept. */
    @Test
    void aGradientWithZeroColumnsRoundTripsBitForBitInABytePerSkippedStretch() {
        int m = 16;
        double[] gradient = new double[m * 4096 + 100];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int column = 0; column < 4096; column += 1 + random.nextInt(40)) {
            for (int i = 0; i < m; i++) {
                gradient[column * m + i] = random.nextDouble(-1, 1);
            }
        }
        for (int i = gradient.length - 100; i < gradient.length; i++) {
            gradient[i] = i % 3 == 0 ? 0.0 : random.nextDouble();
        }
        gradient[5 * m + 3] = -0.0;
        gradient[7 * m] = Double.NaN;
        gradient[gradient.length - 1] = 0.0;
        long nonZeros = java.util.Arrays.stream(gradient)
                .filter(v -> Double.doubleToRawLongBits(v) != 0)
                .count();
        ByteBuffer bytes = write(new GradientSum(gradient, 1.5, 8));
        GradientSum sum = read(bytes);
        for (int k = 0; k < gradient.length; k++) {
            assertEquals(
                    Double.doubleToRawLongBits(gradient[k]), Double.doubleToRawLongBits(sum.gradient()[k]), "" + k);
        }
        assertTrue(
                bytes.remaining() < 8 * nonZeros + 8 * 400 + 64,
                bytes.remaining() + " bytes for " + nonZeros + " non-zeros");
        assertTrue(bytes.remaining() < gradient.length * 8 / 10, bytes.remaining() + " bytes");

        // added over its runs alone, as read, it adds as the whole array does, in FP64 and in FP32
        double[] base =
                new java.util.SplittableRandom(5).doubles(gradient.length).toArray();
        GradientSum whole = new GradientSum(base.clone(), 0, 1).add(new GradientSum(gradient, 1.5, 8));
        GradientSum runs = new GradientSum(base.clone(), 0, 1).add(sum);
        assertArrayEquals(whole.gradient(), runs.gradient(), 0.0);
        GradientSum whole32 = new GradientSum(base.clone(), 0, 1)
                .roundToFloat32()
                .add(new GradientSum(gradient.clone(), 1.5, 8).roundToFloat32());
        GradientSum runs32 = new GradientSum(base.clone(), 0, 1)
                .roundToFloat32()
                .add(read(write(new GradientSum(gradient.clone(), 1.5, 8).roundToFloat32())));
        assertArrayEquals(whole32.gradient(), runs32.gradient(), 0.0);
    }

    /** A task's sum as the jobs engine keeps it, tracking the columns its sparse rows touched: the same bytes. */
    @Test
    void aTrackingSumIsWrittenAsTheSameGradientWithoutTracking() throws java.io.IOException {
        java.nio.file.Path sample = java.nio.file.Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");
        SparseDataset rows = SparseDataset.of(
                IdxReader.read(sample, IdxReader.labelsBeside(sample)).head(3));
        Topology topology = Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 2);
        GradientSum tracking = GradientSum.trackingColumns(topology);
        new Backpropagation(topology)
                .accumulateGradient(w, rows.features(), 0, Targets.classes(rows.labels()), 0, 3, tracking);
        GradientSum plain = new GradientSum(tracking.gradient().clone(), tracking.lossSum(), tracking.count());
        ByteBuffer bytes = write(tracking);
        assertEquals(write(plain), bytes);
        assertArrayEquals(tracking.gradient(), this.<GradientSum>read(bytes).gradient(), 0.0);
    }

    @Test
    void blocksAndEvaluationsRoundTrip() {
        LabeledBlock block =
                new LabeledBlock(new long[] {3, 9}, new double[] {0.1, 0.2, 0.3, 0.4}, new int[] {1, 0}, 2);
        LabeledBlock copy = read(write(block));
        assertArrayEquals(block.rows(), copy.rows());
        assertArrayEquals(block.features().toDoubles(), copy.features().toDoubles());
        assertArrayEquals(block.labels(), copy.labels());
        for (FeatureStorage kind : FeatureStorage.values()) {
            LabeledBlock packed = block.withFeatures(kind.pack(new double[] {0, 1, 3 / 255.0, 1}, 2));
            LabeledBlock read = read(write(packed));
            assertEquals(kind, read.features().storage());
            assertArrayEquals(packed.features().toDoubles(), read.features().toDoubles(), kind.cliName());
        }

        Evaluation evaluation = read(write(new Evaluation(3)));
        assertEquals(
                List.of(3, 3),
                List.of(evaluation.confusionMatrix().length, evaluation.confusionMatrix()[0].length));
    }
}
