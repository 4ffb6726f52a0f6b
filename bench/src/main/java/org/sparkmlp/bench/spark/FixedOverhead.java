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
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The fixed cost of an iteration, against the floor of Spark itself in the same session: the median wall time of
 * a trivial job ({@code count()} on a cached RDD of one block per partition), of a job whose tasks read a freshly
 * broadcast array (what an iteration needs at the least), and of our iterations at a batch of as many rows as
 * partitions, for a tiny network and for the benchmark's network, on random data.
 */
final class FixedOverhead {
    /** Median milliseconds of each kind of job. */
    record Result(double count, double tinyBroadcast, double tinyIteration, double bigBroadcast,
                  double bigIteration, int tinyParameters, int bigParameters) {
        double tinyRatio() {
            return tinyIteration / count;
        }
    }

    private static final String TINY = "8-4-2";

    private FixedOverhead() {
    }

    static Result measure(JavaSparkContext sc, Recipe recipe, int partitions, int iterations) {
        JavaRDD<LabeledBlock> blocks = syntheticBlocks(sc, partitions, 8, 500);
        int warmup = Math.max(5, iterations / 5);
        Recipe tiny = recipe.withLayers(TINY);
        int tinyParameters = tiny.topology().parameterCount();
        int bigParameters = recipe.topology().parameterCount();
        double count = Stats.medianMillis(warmup, iterations, blocks::count);
        double tinyBroadcast = Stats.medianMillis(warmup, iterations, () -> broadcastJob(sc, blocks, tinyParameters));
        double tinyIteration = iterationMillis(sc, blocks, tiny, partitions, warmup, iterations);
        double bigBroadcast = Stats.medianMillis(warmup, iterations, () -> broadcastJob(sc, blocks, bigParameters));
        JavaRDD<LabeledBlock> wide = syntheticBlocks(sc, partitions, recipe.topology().inputSize(), 500);
        double bigIteration = iterationMillis(sc, wide, recipe, partitions, warmup, iterations);
        blocks.unpersist(false);
        wide.unpersist(false);
        return new Result(count, tinyBroadcast, tinyIteration, bigBroadcast, bigIteration, tinyParameters,
                bigParameters);
    }

    /** Median milliseconds of our iterations at a batch of as many rows as partitions. */
    private static double iterationMillis(JavaSparkContext sc, JavaRDD<LabeledBlock> blocks, Recipe recipe,
            int partitions, int warmup, int iterations) {
        long rows = blocks.map(LabeledBlock::size).reduce(Integer::sum);
        IterationTimes times = new IterationTimes(warmup + iterations);
        double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
        try {
            new SparkTrainer(sc, recipe.topology(), recipe.config(partitions, 1000),
                    new TrainingLimits(warmup + iterations, 0, 0, 1))
                    .train(w, recipe.optimizer(), blocks, rows, null, null, null, times.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return times.medianMillis(warmup);
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
    private static JavaRDD<LabeledBlock> syntheticBlocks(JavaSparkContext sc, int partitions, int features,
            int rows) {
        List<Integer> indices = java.util.stream.IntStream.range(0, partitions).boxed().toList();
        JavaRDD<LabeledBlock> blocks = sc.parallelize(indices, partitions).map(p -> {
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
        }).persist(StorageLevel.MEMORY_ONLY());
        blocks.count();
        return blocks;
    }
}
