package org.sparkmlp.bench.spark;

import java.io.IOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.train.DistributedEvaluation;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingListener;
import org.sparkmlp.job.train.TrainingRequest;

/**
 * Our trainer against the clock: {@link SparkTrainer} as {@code mlp train} runs it, with the test accuracy taken
 * every few iterations while the training clock is paused (the listener runs on the driver between iterations
 * and sees the parameters the trainer updates in place). A short untimed run first loads the classes and warms up
 * the JIT, as MLlib's first fit does for MLlib.
 */
final class OurRace {
    private static final int WARM_UP = 20;

    private OurRace() {}

    static AccuracyCurve run(
            JavaSparkContext sc, BenchData data, Recipe recipe, int batch, int epochs, long evaluateEvery)
            throws IOException {
        AccuracyCurve curve = new AccuracyCurve("spark-mlp " + recipe.optimizerLabel() + ", batch " + batch);
        Topology topology = recipe.topology();
        TrainingConfig config = recipe.config(batch, epochs);
        new SparkTrainer(sc, topology, config, new TrainingLimits(WARM_UP, 0, 0, 1), Engine.JOBS)
                .train(TrainingRequest.of(
                        Initializer.initialize(topology, config.seed()), recipe.optimizer(config, data.trainRows()),
                        data.train().blocks(), data.trainRows()));
        double[] w = Initializer.initialize(topology, config.seed());
        Stopwatch clock = new Stopwatch();
        Evaluating listener = new Evaluating(sc, data, topology, w, curve, clock, evaluateEvery);
        listener.record(0);
        clock.start();
        new SparkTrainer(sc, topology, config, TrainingLimits.none(), Engine.JOBS)
                .train(TrainingRequest.of(
                                w,
                                recipe.optimizer(config, data.trainRows()),
                                data.train().blocks(),
                                data.trainRows())
                        .withListener(listener));
        clock.stop();
        if (curve.last().iterations() != listener.iterations) {
            listener.record(listener.iterations);
        }
        return curve;
    }

    private static final class Evaluating implements TrainingListener {
        private final JavaSparkContext sc;
        private final BenchData data;
        private final Topology topology;
        private final double[] w;
        private final AccuracyCurve curve;
        private final Stopwatch clock;
        private final long every;
        long iterations;

        Evaluating(
                JavaSparkContext sc,
                BenchData data,
                Topology topology,
                double[] w,
                AccuracyCurve curve,
                Stopwatch clock,
                long every) {
            this.sc = sc;
            this.data = data;
            this.topology = topology;
            this.w = w;
            this.curve = curve;
            this.clock = clock;
            this.every = every;
        }

        @Override
        public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
            iterations++;
            if (iterations % every == 0) {
                clock.stop();
                record(iterations);
                clock.start();
            }
        }

        @Override
        public void epochDone(EpochResult result, Evaluation validation) {}

        void record(long at) {
            Broadcast<double[]> parameters = sc.broadcast(w);
            double accuracy = DistributedEvaluation.evaluate(data.test().blocks(), parameters, topology)
                    .accuracy();
            parameters.destroy();
            curve.add(clock.seconds(), at, accuracy);
        }
    }
}
