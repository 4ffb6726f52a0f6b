package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
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
import org.sparkmlp.job.spark.SparkSettings;
import scala.reflect.ClassTag$;

/**
 * Does a sparse first layer's gradient travel cheaper as its non-zero runs than dense? For rows of a LIBSVM text
 * corpus hashed into 2^18 features (and the same rows folded into 2^16, which is what HashingTF at 2^16 gives), one
 * jobs-engine task result, the sum over a task's half of a minibatch, is written and read with the job's own Kryo
 * settings: as the task result is today (GradientSum: runs between stretches of zeros) and as a plain dense
 * {@code double[]} (what it was). Prints bytes and the median write + read time of each.
 *
 * <p>Run: {@code java -cp bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/launcher/classpath-with-spark)
 * org.sparkmlp.bench.spark.SparseWire corpus.libsvm}; a corpus: the manual pages ManPageCorpus writes.
 */
public final class SparseWire {
    private static final int REPEATS = 15;

    private SparseWire() {}

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        SerializerInstance kryo = new KryoSerializer(SparkSettings.apply(new SparkConf())).newInstance();
        System.out.println("| features | n(1) | minibatch | task rows | non-zeros of ∂C/∂w | dense bytes | runs bytes "
                + "| dense ms | runs ms | bytes ratio | time ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int features : new int[] {1 << 16, 1 << 18}) {
            CsrMatrix rows = read(lines, features);
            int[] labels = labels(lines);
            for (int hidden : new int[] {16, 64}) {
                Topology topology = Topology.of(
                        new int[] {features, hidden, 6}, Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
                double[] w = Initializer.initialize(topology, 1);
                Backpropagation backprop = new Backpropagation(topology);
                for (int batch : new int[] {64, 256, 1024}) {
                    int taskRows = Math.min(batch / 2, rows.rows());
                    GradientSum sum = new GradientSum(w.length);
                    backprop.accumulateGradient(w, rows, 0, Targets.classes(labels), 0, taskRows, sum);
                    measure(kryo, features, hidden, batch, taskRows, sum);
                }
            }
        }
    }

    private static void measure(
            SerializerInstance kryo, int features, int hidden, int batch, int taskRows, GradientSum sum) {
        long nonZeros = Arrays.stream(sum.gradient()).filter(v -> v != 0.0).count();
        double[] denseMs = new double[REPEATS];
        double[] runsMs = new double[REPEATS];
        int denseBytes = 0;
        int runsBytes = 0;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            ByteBuffer dense = kryo.serialize(sum.gradient(), ClassTag$.MODULE$.apply(double[].class));
            kryo.deserialize(dense, ClassTag$.MODULE$.apply(double[].class));
            long t1 = System.nanoTime();
            ByteBuffer runs = kryo.serialize(sum, ClassTag$.MODULE$.apply(GradientSum.class));
            kryo.deserialize(runs, ClassTag$.MODULE$.apply(GradientSum.class));
            long t2 = System.nanoTime();
            denseMs[r] = (t1 - t0) / 1e6;
            runsMs[r] = (t2 - t1) / 1e6;
            denseBytes = dense.limit();
            runsBytes = runs.limit();
        }
        double dense = median(denseMs);
        double runs = median(runsMs);
        System.out.println(String.format(
                Locale.ROOT,
                "| 2^%d | %d | %d | %d | %d (%.1f %%) | %d | %d | %.1f | %.1f | %.3f | %.3f |",
                Integer.numberOfTrailingZeros(features),
                hidden,
                batch,
                taskRows,
                nonZeros,
                100.0 * nonZeros / sum.gradient().length,
                denseBytes,
                runsBytes,
                dense,
                runs,
                (double) runsBytes / denseBytes,
                runs / dense));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The LIBSVM rows, their 1-based indices taken modulo {@code features} (summing entries that meet). */
    static CsrMatrix read(List<String> lines, int features) {
        CsrMatrix x = new CsrMatrix(features);
        double[] row = new double[features];
        for (String line : lines) {
            String[] tokens = line.trim().split("\\s+");
            int[] touched = new int[tokens.length - 1];
            for (int t = 1; t < tokens.length; t++) {
                int colon = tokens[t].indexOf(':');
                int index = (Integer.parseInt(tokens[t].substring(0, colon)) - 1) % features;
                row[index] += Double.parseDouble(tokens[t].substring(colon + 1));
                touched[t - 1] = index;
            }
            Arrays.sort(touched);
            int[] indices = Arrays.stream(touched).distinct().toArray();
            double[] values = new double[indices.length];
            for (int k = 0; k < indices.length; k++) {
                values[k] = row[indices[k]];
                row[indices[k]] = 0;
            }
            x.appendRow(indices, values, 0, indices.length);
        }
        return x;
    }

    static int[] labels(List<String> lines) {
        return lines.stream()
                .mapToInt(line -> (int) Double.parseDouble(line.trim().split("\\s+", 2)[0]))
                .toArray();
    }
}
