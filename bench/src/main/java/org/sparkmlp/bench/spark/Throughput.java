package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingRequest;

/**
 * Steady-state training throughput (samples/s of the second epoch) of our Spark trainer and of core-math's
 * single-process {@link Trainer} at the same batch, optimizer and data: their ratio is what Spark costs. The
 * measurements alternate over a few rounds and each is the median of its rounds, because a shared machine's speed
 * drifts within minutes (the two-thread trainer most: its threads wait for each other).
 * The single-process trainer runs twice: in this JVM, whose OpenBLAS uses {@code OPENBLAS_NUM_THREADS} threads
 * (the benchmark script sets 1, so that the two Spark tasks use one core each), and in a child JVM with
 * {@code OPENBLAS_NUM_THREADS=2}, i.e. the same two cores the Spark trainer uses.
 */
final class Throughput {
    /** Median samples/s of each trainer at one batch size. */
    record Row(int batch, double ours, double single, double singleAllCores) {}

    private Throughput() {}

    static List<Row> measure(
            JavaSparkContext sc,
            BenchData data,
            Recipe recipe,
            int[] batches,
            Path dataDirectory,
            int cores,
            int rounds) {
        double[][] ours = new double[batches.length][rounds];
        double[][] single = new double[batches.length][rounds];
        double[][] allCores = new double[batches.length][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] child = singleProcessInChildJvm(dataDirectory, recipe, batches, cores);
            for (int i = 0; i < batches.length; i++) {
                allCores[i][r] = child[i];
                ours[i][r] = ours(sc, data, recipe, batches[i]);
                single[i][r] = singleProcess(data.trainLocal(), recipe, batches[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < batches.length; i++) {
            rows.add(new Row(batches[i], Stats.median(ours[i]), Stats.median(single[i]), Stats.median(allCores[i])));
        }
        return rows;
    }

    static double ours(JavaSparkContext sc, BenchData data, Recipe recipe, int batch) {
        TrainingConfig config = recipe.config(batch, 2);
        double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
        try {
            List<EpochResult> epochs = new SparkTrainer(
                            sc, recipe.topology(), config, TrainingLimits.none(), Engine.JOBS)
                    .train(TrainingRequest.of(
                            w,
                            recipe.optimizer(config, data.trainRows()),
                            data.train().blocks(),
                            data.trainRows()))
                    .epochs();
            return epochs.get(1).samplesPerSecond();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double singleProcess(DenseDataset train, Recipe recipe, int batch) {
        double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
        TrainingConfig config = recipe.config(batch, 2);
        List<EpochResult> epochs = new Trainer(recipe.topology(), recipe.optimizer(config, train.size()), config)
                .train(w, train, null, result -> {});
        return epochs.get(1).samplesPerSecond();
    }

    /** Runs {@link #main} in a new JVM with this JVM's flags and classpath and OpenBLAS on {@code cores} threads. */
    private static double[] singleProcessInChildJvm(Path dataDirectory, Recipe recipe, int[] batches, int cores) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Throughput.class.getName());
        command.add(dataDirectory.toString());
        command.add(recipe.layers());
        command.add(recipe.rule());
        command.add(Double.toString(recipe.learningRate()));
        command.add(recipe.schedule());
        command.add(Long.toString(recipe.seed()));
        for (int batch : batches) {
            command.add(Integer.toString(batch));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(cores));
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the single-process trainer's JVM failed: " + command);
            }
            return out.lines().mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The single-process trainer alone: args = data directory, layers, update rule, learning rate, schedule, seed, batch
     * sizes; prints the second epoch's samples/s of each batch size, one per line.
     */
    public static void main(String[] args) throws IOException {
        Path images = Path.of(args[0]).resolve("train-images-idx3-ubyte.gz");
        DenseDataset train = IdxReader.read(images, IdxReader.labelsBeside(images));
        Recipe recipe = new Recipe(args[1], args[2], Double.parseDouble(args[3]), args[4], Long.parseLong(args[5]));
        for (int i = 6; i < args.length; i++) {
            System.out.println(singleProcess(train, recipe, Integer.parseInt(args[i])));
        }
    }
}
