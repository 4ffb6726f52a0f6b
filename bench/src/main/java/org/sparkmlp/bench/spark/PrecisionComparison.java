package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.Precision;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingOutcome;
import org.sparkmlp.job.train.TrainingRequest;

/**
 * FP64 against FP32 on the wire ({@code --wire float32}) and FP32 compute ({@code --precision float32}) through both
 * engines: steady-state samples/s (second epoch, median of rounds that alternate the engines and the three
 * arithmetics, after an untimed epoch of each) per batch and engine, the largest weight difference from FP64 after those two epochs relative to the
 * largest weight, and the test accuracy of a whole run of the recipe in each (jobs engine: the engines give the same
 * weights to the bit).
 */
final class PrecisionComparison {
    /** The three arithmetics compared: compute and wire. */
    enum Variant {
        FLOAT64(Precision.FLOAT64, Precision.FLOAT64, "float64"),
        WIRE32(Precision.FLOAT64, Precision.FLOAT32, "--wire float32"),
        FLOAT32(Precision.FLOAT32, Precision.FLOAT32, "--precision float32");

        final Precision precision;
        final Precision wire;
        final String label;

        Variant(Precision precision, Precision wire, String label) {
            this.precision = precision;
            this.wire = wire;
            this.label = label;
        }
    }

    /** Median samples/s of each variant at one batch through one engine, and each variant's weight difference from FP64. */
    record Speed(int batch, Engine engine, double[] samplesPerSecond, double[] weightDifference) {}

    /** Final test accuracy of each variant after {@code epochs} of the recipe at {@code batch}. */
    record Accuracy(int batch, int epochs, double[] testAccuracy) {}

    private PrecisionComparison() {}

    static List<Speed> speeds(JavaSparkContext sc, BenchData data, Recipe recipe, int[] batches, int rounds) {
        List<Speed> rows = new ArrayList<>();
        Variant[] variants = Variant.values();
        Engine[] engines = Engine.values();
        // an untimed epoch of each, so that the first configurations timed do not pay for the JIT's warm-up (the
        // first, FP64 jobs at the first batch, ran at a third of its speed in the later rounds without it)
        for (Engine e : engines) {
            for (Variant v : variants) {
                train(sc, data, recipe, batches[0], 1, e, v, false);
            }
        }
        for (int batch : batches) {
            double[][][] speed = new double[engines.length][variants.length][rounds];
            double[][][] weights = new double[engines.length][variants.length][];
            for (int r = 0; r < rounds; r++) {
                for (Engine e : engines) {
                    for (Variant v : variants) {
                        TrainingOutcome outcome = train(sc, data, recipe, batch, 2, e, v, false);
                        speed[e.ordinal()][v.ordinal()][r] =
                                outcome.epochs().get(1).samplesPerSecond();
                        weights[e.ordinal()][v.ordinal()] = outcome.parameters();
                    }
                }
            }
            for (Engine e : engines) {
                double[] median = new double[variants.length];
                double[] difference = new double[variants.length];
                for (Variant v : variants) {
                    median[v.ordinal()] = Stats.median(speed[e.ordinal()][v.ordinal()]);
                    difference[v.ordinal()] =
                            relativeDifference(weights[e.ordinal()][v.ordinal()], weights[e.ordinal()][0]);
                }
                rows.add(new Speed(batch, e, median, difference));
            }
        }
        return rows;
    }

    static Accuracy accuracy(JavaSparkContext sc, BenchData data, Recipe recipe, int batch, int epochs) {
        double[] accuracy = new double[Variant.values().length];
        for (Variant v : Variant.values()) {
            List<org.sparkmlp.core.train.EpochResult> run =
                    train(sc, data, recipe, batch, epochs, Engine.JOBS, v, true).epochs();
            accuracy[v.ordinal()] = run.get(run.size() - 1).evalAccuracy();
        }
        return new Accuracy(batch, epochs, accuracy);
    }

    private static TrainingOutcome train(
            JavaSparkContext sc,
            BenchData data,
            Recipe recipe,
            int batch,
            int epochs,
            Engine engine,
            Variant v,
            boolean evaluate) {
        TrainingConfig config = recipe.config(batch, epochs);
        double[] w = Initializer.initialize(recipe.topology(), recipe.seed());
        TrainingRequest request = TrainingRequest.of(
                w, recipe.optimizer(config, data.trainRows()), data.train().blocks(), data.trainRows());
        if (evaluate) {
            request = request.withValidation(data.test().blocks());
        }
        try {
            return new SparkTrainer(sc, recipe.topology(), config, TrainingLimits.none(), engine, v.precision, v.wire)
                    .train(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** max_k |a_k − b_k| / max_k |b_k|. */
    private static double relativeDifference(double[] a, double[] b) {
        double difference = 0;
        double scale = 0;
        for (int k = 0; k < a.length; k++) {
            difference = Math.max(difference, Math.abs(a[k] - b[k]));
            scale = Math.max(scale, Math.abs(b[k]));
        }
        return difference / scale;
    }
}
