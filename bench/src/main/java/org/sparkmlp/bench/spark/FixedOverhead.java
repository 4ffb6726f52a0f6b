package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingRequest;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The fixed cost of an iteration, against the floor of Spark itself in the same session: the median wall time of
 * a trivial job ({@code count()} on a cached RDD of one block per partition), of a job whose tasks read a freshly
 * broadcast array (what an iteration needs at the least), and of our iterations at a batch of as many rows as
 * partitions, for a tiny network and for the benchmark's network, on random data; each with Spark's own account
 * of where the job's time went ({@link JobAnatomy}).
 */
final class FixedOverhead {
    /** One kind of job: its median wall time on the driver and Spark's account of it. */
    record Measured(String job, double millis, JobAnatomy.Phases phases) {}

    private static final String TINY = "8-4-2";

    private FixedOverhead() {}

    /** The trivial job first: the floor the others are compared with. */
    static List<Measured> measure(JavaSparkContext sc, Recipe recipe, int partitions, int batch, int iterations) {
        JavaRDD<LabeledBlock> blocks = syntheticBlocks(sc, partitions, 8, 500);
        JavaRDD<LabeledBlock> wide =
                syntheticBlocks(sc, partitions, recipe.topology().inputSize(), Math.max(500, batch / partitions + 1));
        int warmup = Math.max(5, iterations / 5);
        Recipe tiny = recipe.withLayers(TINY);
        int tinyParameters = tiny.topology().parameterCount();
        int bigParameters = recipe.topology().parameterCount();
        JobAnatomy anatomy = new JobAnatomy();
        sc.sc().addSparkListener(anatomy);
        try {
            Timed timed = new Timed(sc, anatomy, warmup, iterations);
            return List.of(
                    timed.jobs("count() on the cached " + partitions + "-partition RDD", blocks::count),
                    timed.jobs(
                            "broadcast " + tinyParameters + " doubles, tasks read it",
                            () -> broadcastJob(sc, blocks, tinyParameters)),
                    timed.iterations("our iteration, " + TINY + ", batch " + partitions, blocks, tiny, partitions),
                    timed.jobs(
                            "broadcast " + bigParameters + " doubles, tasks read it",
                            () -> broadcastJob(sc, blocks, bigParameters)),
                    timed.iterations(
                            "our iteration, " + recipe.layers() + ", batch " + partitions, wide, recipe, partitions),
                    timed.iterations("our iteration, " + recipe.layers() + ", batch " + batch, wide, recipe, batch));
        } finally {
            sc.sc().removeSparkListener(anatomy);
            blocks.unpersist(false);
            wide.unpersist(false);
        }
    }

    /** Runs each kind of job {@code warmup} times unmeasured, then {@code repeats} times measured. */
    private record Timed(JavaSparkContext sc, JobAnatomy anatomy, int warmup, int repeats) {
        Measured jobs(String name, Runnable job) {
            for (int i = 0; i < warmup; i++) {
                job.run();
            }
            anatomy.clear();
            double[] millis = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long started = System.nanoTime();
                job.run();
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
            return new Measured(name, Stats.median(millis), settled());
        }

        /** Our iterations at a batch of as many rows as partitions: one warm-up run, then one measured run. */
        Measured iterations(String name, JavaRDD<LabeledBlock> blocks, Recipe recipe, int batch) {
            train(blocks, recipe, batch, new IterationTimes(warmup));
            anatomy.clear();
            IterationTimes times = new IterationTimes(repeats);
            train(blocks, recipe, batch, times);
            return new Measured(name, times.medianMillis(1), settled());
        }

        private void train(JavaRDD<LabeledBlock> blocks, Recipe recipe, int batch, IterationTimes times) {
            long rows = blocks.map(LabeledBlock::size).reduce(Integer::sum);
            double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
            try {
                TrainingConfig config = recipe.config(batch, 1000);
                new SparkTrainer(
                                sc,
                                recipe.topology(),
                                config,
                                new TrainingLimits(times.capacity(), 0, 0, 1),
                                Engine.JOBS)
                        .train(TrainingRequest.of(w, recipe.optimizer(config, rows), blocks, rows)
                                .withListener(times.start()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Spark's account once the listener bus has delivered the measured jobs' events. */
        private JobAnatomy.Phases settled() {
            long deadline = System.nanoTime() + 10_000_000_000L;
            JobAnatomy.Phases phases = anatomy.phases();
            while (phases.jobs() < repeats - 1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                phases = anatomy.phases();
            }
            return phases;
        }
    }

    /** One job whose every task reads a just-broadcast array of {@code length} doubles, then the broadcast is gone. */
    private static void broadcastJob(JavaSparkContext sc, JavaRDD<LabeledBlock> blocks, int length) {
        Broadcast<double[]> value = sc.broadcast(new double[length]);
        sc.sc().runJob(blocks.rdd(), new ReadBroadcast(value), ClassTag$.MODULE$.apply(Integer.class));
        value.destroy();
    }

    /** A named task function, as our gradient task is, so that the closure cleaner has nothing to analyse. */
    private static final class ReadBroadcast extends AbstractFunction2<TaskContext, Iterator<LabeledBlock>, Integer>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<double[]> value;

        ReadBroadcast(Broadcast<double[]> value) {
            this.value = value;
        }

        @Override
        public Integer apply(TaskContext context, Iterator<LabeledBlock> blocks) {
            return value.value().length;
        }
    }

    /** {@code partitions} cached blocks of {@code rows} rows each, numbered 0 … partitions·rows − 1, labels 0/1. */
    private static JavaRDD<LabeledBlock> syntheticBlocks(JavaSparkContext sc, int partitions, int features, int rows) {
        List<Integer> indices =
                java.util.stream.IntStream.range(0, partitions).boxed().toList();
        JavaRDD<LabeledBlock> blocks = sc.parallelize(indices, partitions)
                .map(p -> {
                    long[] ids = new long[rows];
                    double[] x = new double[rows * features];
                    int[] labels = new int[rows];
                    java.util.SplittableRandom random = new java.util.SplittableRandom(p);
                    for (int r = 0; r < rows; r++) {
                        ids[r] = (long) p * rows + r;
                        labels[r] = random.nextInt(2);
                        for (int f = 0; f < features; f++) {
                            x[r * features + f] = random.nextDouble();
                        }
                    }
                    return new LabeledBlock(ids, x, labels, features);
                })
                .persist(StorageLevel.MEMORY_ONLY());
        blocks.count();
        return blocks;
    }
}
