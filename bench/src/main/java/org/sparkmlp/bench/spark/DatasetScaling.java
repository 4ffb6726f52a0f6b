package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingRequest;

/**
 * Iteration time at a fixed batch on the training set and on the same rows replicated {@code factor} times (a
 * real copy, one block per partition as the loader makes them): an iteration touches only its minibatch's rows,
 * so it must not get slower with the dataset. Only the first iteration of an epoch, which sorts each partition by
 * the epoch's order, grows with the data.
 */
final class DatasetScaling {
    /** Median and first-iteration milliseconds on the original data and on the replicated data. */
    record Result(int factor, long rows, double median, double first, double medianReplicated, double firstReplicated) {
        double ratio() {
            return medianReplicated / median;
        }
    }

    private DatasetScaling() {}

    /**
     * Alternates runs of {@code iterations} iterations on the original and the replicated data, {@code rounds}
     * times, so that the machine's load drifting during the measurement hits both alike.
     */
    static Result measure(
            JavaSparkContext sc, BenchData data, Recipe recipe, int batch, int factor, int iterations, int rounds) {
        JavaRDD<LabeledBlock> replicated = replicate(data.train().blocks(), data.trainRows(), factor);
        // a first iteration sorts each partition for the epoch: reported apart, left out of the medians
        int skip = 1;
        List<IterationTimes> original = new ArrayList<>();
        List<IterationTimes> copy = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            original.add(iterations(sc, data.train().blocks(), data.trainRows(), recipe, batch, iterations));
            copy.add(iterations(sc, replicated, factor * data.trainRows(), recipe, batch, iterations));
        }
        replicated.unpersist(true);
        return new Result(
                factor,
                data.trainRows(),
                median(original, skip),
                original.get(0).firstMillis(),
                median(copy, skip),
                copy.get(0).firstMillis());
    }

    private static double median(List<IterationTimes> runs, int skip) {
        return Stats.median(runs.stream()
                .flatMapToDouble(run -> Arrays.stream(run.millis(skip)))
                .toArray());
    }

    private static IterationTimes iterations(
            JavaSparkContext sc, JavaRDD<LabeledBlock> blocks, long rows, Recipe recipe, int batch, int iterations) {
        IterationTimes times = new IterationTimes(iterations);
        double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
        try {
            TrainingConfig config = recipe.config(batch, 1000);
            new SparkTrainer(sc, recipe.topology(), config, new TrainingLimits(iterations, 0, 0, 1), Engine.JOBS)
                    .train(TrainingRequest.of(w, recipe.optimizer(config, rows), blocks, rows)
                            .withListener(times.start()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return times;
    }

    /**
     * Each block's rows {@code factor} times, copy k numbered k·rows higher, in the block's storage kind; cached and
     * materialised. Packed row by row from the block itself, so a task holds nothing of the copy's size but the copy.
     */
    static JavaRDD<LabeledBlock> replicate(JavaRDD<LabeledBlock> blocks, long rows, int factor) {
        JavaRDD<LabeledBlock> replicated = blocks.map(block -> {
                    int n = block.size();
                    long[] ids = new long[n * factor];
                    int[] labels = new int[n * factor];
                    for (int k = 0; k < factor; k++) {
                        for (int r = 0; r < n; r++) {
                            ids[k * n + r] = block.rows()[r] + k * rows;
                        }
                        System.arraycopy(block.labels(), 0, labels, k * n, n);
                    }
                    FeatureBlock features = block.features();
                    FeatureBlock copies = features.storage()
                            .pack(
                                    n * factor,
                                    block.numFeatures(),
                                    (r, x, offset) -> features.copyRow(r % n, x, offset));
                    return new LabeledBlock(ids, copies, labels);
                })
                .persist(StorageLevel.MEMORY_ONLY());
        replicated.count();
        return replicated;
    }
}
