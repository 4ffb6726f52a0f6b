package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.SparseMinibatchGather;
import org.sparkmlp.job.spark.SparkSettings;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Where one sparse jobs-engine iteration's time goes: the sparse section's recipe (n-16-6, ReLU, softmax, Adam,
 * minibatch 64 split between two tasks of 32 rows) on the manual-page corpus at 2^16 and 2^18 features, each step
 * of an iteration timed alone in one thread (median of many repetitions): in a task, zeroing its sum buffer after
 * a minibatch (a {@link GradientSum#trackingColumns tracking} sum, as the task's is), gathering the shuffled CSR
 * rows, backpropagation (its first layer's two CSR products apart) and writing the result with the job's Kryo
 * settings; on the driver, creating the broadcast of w (a real local SparkContext), reading the two task results,
 * adding them, the mean and Adam's step. The SparkContext and Kryo take the job's settings ({@link SparkSettings})
 * and {@code -Dspark.*} properties over them (e.g. {@code -Dspark.broadcast.compress=true}). Beside them, backpropagation of the same
 * rows as a dense minibatch of their first m non-zeros (m = the mean non-zeros per row, zero-padded, the sparse
 * section's dense run): "backprop sparse / dense of the non-zeros", the O(nnz) claim where it lives.
 *
 * <p>Run: {@code java -cp bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/launcher/classpath-with-spark)
 * org.sparkmlp.bench.spark.SparseIteration corpus.libsvm}; a corpus: the manual pages ManPageCorpus writes at 2^18.
 */
public final class SparseIteration {
    private static final int HIDDEN = 16;
    private static final int CLASSES = 6;
    private static final int TASK_ROWS = 32;
    private static final ClassTag<GradientSum> SUM = ClassTag$.MODULE$.apply(GradientSum.class);

    private SparseIteration() {}

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        int[] labels = SparseWire.labels(lines);
        SerializerInstance kryo = new KryoSerializer(SparkSettings.apply(new SparkConf())).newInstance();
        try (JavaSparkContext spark = new JavaSparkContext(
                SparkSettings.apply(new SparkConf().setMaster("local[1]").setAppName("sparse-iteration")))) {
            System.out.println("| features | P | step | ms | share of the iteration |");
            System.out.println("|---|---|---|---|---|");
            for (int features : new int[] {1 << 16, 1 << 18}) {
                measure(SparseWire.read(lines, features), labels, kryo, spark);
            }
        }
    }

    private static void measure(CsrMatrix rows, int[] labels, SerializerInstance kryo, JavaSparkContext spark) {
        int features = rows.columns();
        Topology topology = Topology.of(
                new int[] {features, HIDDEN, CLASSES}, Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        int p = w.length;
        Targets y = Targets.classes(labels);
        Random random = new Random(7);
        int[] chosen = random.ints(TASK_ROWS, 0, rows.rows()).toArray();
        SparseMinibatchGather gather = new SparseMinibatchGather(features, TASK_ROWS);
        gather.gather(rows, y, TASK_ROWS, c -> chosen[c]);
        CsrMatrix x = gather.features();
        Targets xy = gather.targets();
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = GradientSum.trackingColumns(topology); // as a task's buffer is
        backprop.accumulateGradient(w, x, 0, xy, 0, TASK_ROWS, sum);
        ByteBuffer written = kryo.serialize(sum, SUM);
        byte[] result = Arrays.copyOf(written.array(), written.limit());
        GradientSum first = kryo.deserialize(ByteBuffer.wrap(result), SUM);
        GradientSum other = kryo.deserialize(ByteBuffer.wrap(result), SUM);
        double[] a = new double[HIDDEN * TASK_ROWS];
        double[] g = new double[p];
        double[] mean = new double[p];
        Optimizer adam = Optimizer.builder(new Adam(), new LearningRateSchedule.Constant(0.003))
                .build(p);

        double gathering = time(() -> {
            gather.gather(rows, y, TASK_ROWS, c -> chosen[c]);
            return x.nonZeros();
        });
        double backpropagation = time(() -> {
            backprop.accumulateGradient(w, x, 0, xy, 0, TASK_ROWS, sum);
            return sum.count();
        });
        double products = time(() -> {
            x.addProduct(w, 0, HIDDEN, 0, TASK_ROWS, a);
            x.addTransposedProduct(a, HIDDEN, 0, TASK_ROWS, g, 0);
            return 0;
        });
        double write = time(() -> kryo.serialize(sum, SUM).limit());
        // the next task's reset of what this one touched
        double zero = time(() -> backprop.accumulateGradient(w, x, 0, xy, 0, TASK_ROWS, sum), () -> {
            sum.reset();
            return 0;
        });
        double read = time(() -> kryo.deserialize(ByteBuffer.wrap(result), SUM).count());
        double add = time(() -> first.add(other).count());
        double step = time(() -> {
            first.meanGradientInto(mean);
            adam.step(w, mean);
            return 0;
        });
        double broadcast = time(() -> {
            Broadcast<double[]> b = spark.broadcast(w);
            b.destroy();
            return b.id();
        });
        double dense = denseBackprop(rows, chosen, labels);

        // two tasks run at once on the two cores: a task's steps count once; the driver reads and adds both results
        double task = zero + gathering + backpropagation + write;
        double driver = broadcast + 2 * read + add + step; // the driver adds result 2 into result 1
        double iteration = task + driver;
        String n = "2^" + Integer.numberOfTrailingZeros(features);
        row(n, p, "task: zero the sum", zero, iteration);
        row(n, p, "task: gather 32 CSR rows", gathering, iteration);
        row(n, p, "task: backpropagation", backpropagation, iteration);
        row(n, p, "  of which W(1) X and Δ(1) Xᵀ", products, iteration);
        row(n, p, "task: write the result (Kryo)", write, iteration);
        row(n, p, "driver: broadcast w", broadcast, iteration);
        row(n, p, "driver: read 2 results", 2 * read, iteration);
        row(n, p, "driver: add the 2 results", add, iteration);
        row(n, p, "driver: mean + Adam step", step, iteration);
        System.out.println(String.format(
                Locale.ROOT,
                "| %s | %d | backprop sparse / dense of the non-zeros (%.3f ms) | %.2f× | |",
                n,
                p,
                dense,
                backpropagation / dense));
    }

    /** Backpropagation of the chosen rows as the sparse section's dense run has them: first m non-zeros, padded. */
    private static double denseBackprop(CsrMatrix rows, int[] chosen, int[] labels) {
        int m = (int) Math.round((double) rows.nonZeros() / rows.rows());
        Topology topology =
                Topology.of(new int[] {m, HIDDEN, CLASSES}, Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        double[] x = new double[m * TASK_ROWS];
        int[] y = new int[TASK_ROWS];
        for (int c = 0; c < TASK_ROWS; c++) {
            int r = chosen[c];
            int length = Math.min(m, rows.rowStart(r + 1) - rows.rowStart(r));
            System.arraycopy(rows.values(), rows.rowStart(r), x, c * m, length);
            y[c] = labels[r];
        }
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = new GradientSum(w.length);
        Targets targets = Targets.classes(y);
        return time(() -> {
            backprop.accumulateGradient(w, x, 0, targets, 0, TASK_ROWS, sum);
            return sum.count();
        });
    }

    /** Median milliseconds of one call, after warming up; the result is kept so the JIT cannot drop the work. */
    private static double time(LongSupplier work) {
        return time(() -> {}, work);
    }

    /** {@link #time(LongSupplier)} of {@code work}, with {@code setup} run untimed before each call. */
    private static double time(Runnable setup, LongSupplier work) {
        long sink = 0;
        for (int r = 0; r < 200; r++) {
            setup.run();
            sink += work.getAsLong();
        }
        double[] ms = new double[101];
        for (int r = 0; r < ms.length; r++) {
            setup.run();
            long t0 = System.nanoTime();
            sink += work.getAsLong();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static void row(String features, int p, String step, double ms, double iteration) {
        System.out.println(String.format(
                Locale.ROOT, "| %s | %d | %s | %.3f | %.0f %% |", features, p, step, ms, 100 * ms / iteration));
    }
}
