package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.Sgd;
import org.sparkmlp.core.train.EpochOrder;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.model.Checkpoint;
import org.sparkmlp.job.spark.LocalSpark;

class SparkTrainerTest {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");

    private static SparkSession spark;
    private static JavaSparkContext sc;
    private static DenseDataset train;
    private static DenseDataset test;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.start("SparkTrainerTest");
        sc = LocalSpark.context(spark);
        DenseDataset all = IdxReader.read(
                SAMPLE.resolve("train-images-idx3-ubyte.gz"), SAMPLE.resolve("train-labels-idx1-ubyte.gz"));
        train = all.head(1000);
        test = IdxReader.read(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"))
                .head(300);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The two networks of the mission: the original design's quadratic sigmoid net, sequential; a softmax ReLU net, shuffled. */
    enum Setup {
        CLASSIC_NETWORK(
                Topology.parse("784-15-10", Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC),
                new TrainingConfig(10, 2, Shuffle.NONE, 3)),
        RELU_SOFTMAX(
                Topology.parse("784-32-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY),
                new TrainingConfig(64, 3, Shuffle.EPOCH, 5));

        final Topology topology;
        final TrainingConfig config;

        Setup(Topology topology, TrainingConfig config) {
            this.topology = topology;
            this.config = config;
        }

        Optimizer optimizer() {
            return this == CLASSIC_NETWORK
                    ? Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(3.0))
                            .build(topology.parameterCount())
                    : Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.02))
                            .build(topology.parameterCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void partitionsChangeNothingAndTheResultEqualsTheSingleProcessTrainer(Setup setup) throws IOException {
        double[] reference = Initializer.initialize(setup.topology, 11);
        new Trainer(setup.topology, setup.optimizer(), setup.config).train(reference, train, null, epoch -> {});

        for (int partitions : new int[] {1, 2, 3, 5}) {
            double[] w = Initializer.initialize(setup.topology, 11);
            TrainingOutcome outcome = new SparkTrainer(
                            sc, setup.topology, setup.config, TrainingLimits.none(), Engine.JOBS)
                    .train(TrainingRequest.of(
                            w, setup.optimizer(), TestBlocks.of(sc, train, partitions), train.size()));
            long perEpoch = (1000 + setup.config.batchSize() - 1) / setup.config.batchSize();
            assertEquals(setup.config.epochs() * perEpoch, outcome.iterations());
            double error = relativeDifference(outcome.parameters(), reference);
            assertTrue(error < 1e-9, partitions + " partitions differ from the single-process run by " + error);
        }
    }

    @Test
    void runsWithDifferentShufflesOnTheSameCachedBlocksEachFollowTheirOwnOrder() throws IOException {
        Topology topology = Setup.RELU_SOFTMAX.topology;
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 3);
        for (long seed : new long[] {21, 22}) {
            TrainingConfig config = new TrainingConfig(100, 2, Shuffle.EPOCH, seed);
            double[] reference = Initializer.initialize(topology, 1);
            new Trainer(topology, Setup.RELU_SOFTMAX.optimizer(), config).train(reference, train, null, epoch -> {});
            double[] w = Initializer.initialize(topology, 1);
            TrainingOutcome outcome = new SparkTrainer(sc, topology, config, TrainingLimits.none(), Engine.JOBS)
                    .train(TrainingRequest.of(w, Setup.RELU_SOFTMAX.optimizer(), blocks, train.size()));
            assertTrue(relativeDifference(outcome.parameters(), reference) < 1e-9, "seed " + seed);
        }
    }

    @Test
    void distributedGradientEqualsTheSingleProcessGradient() {
        Topology topology = Setup.RELU_SOFTMAX.topology;
        double[] w = Initializer.initialize(topology, 2);
        MinibatchSchedule schedule = new MinibatchSchedule(train.size(), 200, Shuffle.EPOCH, 9);
        EpochOrder order = schedule.order(1);
        // minibatch 3 of epoch 1, gathered by hand for one backpropagation call
        int d = train.numFeatures();
        double[] x = new double[200 * d];
        int[] y = new int[200];
        for (int c = 0; c < 200; c++) {
            int row = (int) order.rowAt(schedule.batchStart(3) + c);
            System.arraycopy(train.features(), row * d, x, c * d, d);
            y[c] = train.labels()[row];
        }
        GradientSum expected = new GradientSum(w.length);
        new Backpropagation(topology).accumulateGradient(w, x, 0, Targets.classes(y), 0, 200, expected);

        for (int partitions : new int[] {1, 3, 4}) {
            JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, partitions);
            for (int treeDepth : new int[] {1, 2}) {
                GradientSum actual = new MinibatchGradient(topology, treeDepth, Precision.FLOAT64)
                        .sum(blocks, schedule, 1, sc.broadcast(w), null, null, schedule.batchStart(3), 200);
                assertEquals(200, actual.count());
                assertEquals(expected.lossSum(), actual.lossSum(), 1e-12 * Math.abs(expected.lossSum()));
                double error = relativeDifference(actual.gradient(), expected.gradient());
                assertTrue(
                        error < 1e-12,
                        partitions + " partitions, depth " + treeDepth + ": gradient differs by " + error);
            }
        }
    }

    @Test
    void resumingFromACheckpointEndsWithTheWeightsOfAnUninterruptedRun() throws IOException {
        Setup setup = Setup.RELU_SOFTMAX;
        Topology topology = setup.topology;
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 3);
        JavaRDD<LabeledBlock> validation = TestBlocks.of(sc, test, 2);
        TrainingLimits limits = new TrainingLimits(0, 7, 0, 2);

        double[] uninterrupted = Initializer.initialize(topology, 4);
        TrainingOutcome full = new SparkTrainer(sc, topology, setup.config, limits, Engine.JOBS)
                .train(TrainingRequest.of(uninterrupted, adam(topology), blocks, train.size())
                        .withValidation(validation));

        // the "crashed" run got to iteration 23 (mid-epoch 2); its last checkpoint before that is from iteration 21
        List<Checkpoint> saved = new ArrayList<>();
        double[] w = Initializer.initialize(topology, 4);
        new SparkTrainer(sc, topology, setup.config, new TrainingLimits(23, 7, 0, 2), Engine.JOBS)
                .train(TrainingRequest.of(w, adam(topology), blocks, train.size())
                        .withValidation(validation)
                        .withCheckpoints(saved::add));
        assertEquals(
                List.of(7L, 14L, 21L, 23L),
                saved.stream().map(Checkpoint::iteration).toList());
        Checkpoint last = saved.get(2);
        assertEquals(1, last.history().size(), "epoch 1's metrics line travels in the checkpoint");

        double[] resumed = Initializer.initialize(topology, 99); // overwritten by the checkpoint
        TrainingOutcome rest = new SparkTrainer(sc, topology, setup.config, limits, Engine.JOBS)
                .train(TrainingRequest.of(resumed, adam(topology), TestBlocks.of(sc, train, 2), train.size())
                        .withValidation(validation)
                        .resumingFrom(last));
        assertEquals(full.iterations(), rest.iterations());
        assertEquals(full.metrics().size(), rest.metrics().size());
        assertTrue(relativeDifference(rest.parameters(), full.parameters()) < 1e-9);
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefused() throws IOException {
        Setup setup = Setup.RELU_SOFTMAX;
        List<Checkpoint> saved = new ArrayList<>();
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 2);
        new SparkTrainer(sc, setup.topology, setup.config, new TrainingLimits(5, 5, 0, 2), Engine.JOBS)
                .train(TrainingRequest.of(
                                Initializer.initialize(setup.topology, 1), adam(setup.topology), blocks, train.size())
                        .withCheckpoints(saved::add));
        TrainingConfig otherBatch = new TrainingConfig(32, 3, Shuffle.EPOCH, 5);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SparkTrainer(sc, setup.topology, otherBatch, TrainingLimits.none(), Engine.JOBS)
                        .train(TrainingRequest.of(
                                        Initializer.initialize(setup.topology, 1),
                                        adam(setup.topology),
                                        blocks,
                                        train.size())
                                .resumingFrom(saved.get(0))));
        assertTrue(e.getMessage().contains("different configuration"), e.getMessage());
        assertTrue(e.getMessage().contains("batchSize 64 in the checkpoint, 32 in this run"), e.getMessage());
        assertFalse(e.getMessage().contains("seed"), "only the differing setting is named: " + e.getMessage());
    }

    @Test
    void earlyStoppingStopsWhenTheValidationLossNoLongerFallsAndKeepsTheBestEpoch() throws IOException {
        Topology topology = Setup.RELU_SOFTMAX.topology;
        JavaRDD<LabeledBlock> validation = TestBlocks.of(sc, test, 2);
        // far too large a rate: the validation loss rises after the first epochs, and training must stop
        Optimizer reckless = Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(2.0))
                .build(topology.parameterCount());
        List<double[]> afterEpoch = new ArrayList<>();
        double[] w = Initializer.initialize(topology, 3);
        TrainingOutcome outcome = new SparkTrainer(
                        sc,
                        topology,
                        new TrainingConfig(50, 30, Shuffle.EPOCH, 1),
                        new TrainingLimits(0, 0, 2, 1),
                        Engine.JOBS)
                .train(TrainingRequest.of(w, reckless, TestBlocks.of(sc, train, 2), train.size())
                        .withValidation(validation)
                        .withListener((epoch, evaluation) -> afterEpoch.add(w.clone())));

        assertTrue(outcome.stopReason().startsWith("stopped early"), outcome.stopReason());
        int epochs = outcome.epochs().size();
        assertTrue(epochs < 30, epochs + " epochs");
        double last = outcome.epochs().get(epochs - 1).evalLoss();
        double previous = outcome.epochs().get(epochs - 2).evalLoss();
        double best = outcome.epochs().get(epochs - 3).evalLoss();
        assertTrue(last >= best && previous >= best, "two epochs without a lower validation loss");
        assertTrue(
                java.util.Arrays.equals(afterEpoch.get(epochs - 3), outcome.parameters()),
                "the outcome holds the parameters of the best epoch");
    }

    @Test
    void theSparkUiShowsOneJobGroupPerRunAndEachJobsEpochAndIterationAndListenersHearEveryIteration() throws Exception {
        Topology topology = Setup.RELU_SOFTMAX.topology;
        List<String[]> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
        SparkListener recorder = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(new String[] {
                    start.properties().getProperty("spark.jobGroup.id"),
                    start.properties().getProperty("spark.job.description")
                });
            }
        };
        List<String> heard = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs, long first, long last) {
                heard.add("start " + epoch + "/" + epochs + " " + first + ".." + last);
            }

            @Override
            public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
                heard.add(iteration + " " + rows);
            }

            @Override
            public void epochDone(EpochResult result, Evaluation validation) {
                heard.add("done " + result.epoch() + " " + (validation == null ? "-" : validation.count()));
            }
        };
        DenseDataset small = train.head(250);
        JavaRDD<LabeledBlock> validation = TestBlocks.of(sc, test.head(100), 2);
        spark.sparkContext().addSparkListener(recorder);
        try {
            for (int run = 0; run < 2; run++) {
                new SparkTrainer(
                                sc,
                                topology,
                                new TrainingConfig(100, 2, Shuffle.EPOCH, 1),
                                TrainingLimits.none(),
                                Engine.JOBS)
                        .train(TrainingRequest.of(
                                        Initializer.initialize(topology, 1),
                                        Setup.RELU_SOFTMAX.optimizer(),
                                        TestBlocks.of(sc, small, 2),
                                        small.size())
                                .withValidation(validation)
                                .withListener(listener));
            }
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(recorder);
        }
        assertEquals(
                List.of(
                        "start 1/2 0..3",
                        "1 100",
                        "2 200",
                        "3 250",
                        "done 1 100",
                        "start 2/2 0..3",
                        "1 100",
                        "2 200",
                        "3 250",
                        "done 2 100"),
                heard.subList(0, 10));
        List<String> descriptions = jobs.stream()
                .map(job -> job[1])
                .filter(d -> d != null && d.startsWith("epoch"))
                .toList();
        assertTrue(
                descriptions.containsAll(List.of(
                        "epoch 1/2 · iteration 1/3",
                        "epoch 1/2 · iteration 3/3",
                        "epoch 1/2 · validation",
                        "epoch 2/2 · iteration 3/3")),
                descriptions.toString());
        java.util.Set<String> groups = new java.util.HashSet<>();
        for (String[] job : jobs) {
            if (job[1] != null && job[1].startsWith("epoch")) {
                assertTrue(job[0] != null && job[0].startsWith("mlp-train-"), job[0]);
                groups.add(job[0]);
            }
        }
        assertEquals(2, groups.size(), "one job group per training run");
    }

    @Test
    void aDivergingCostStopsTrainingAndOnlyGoodCheckpointsWereWritten() {
        Topology topology = Topology.parse("784-32-10", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        Optimizer huge = Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(1e6))
                .build(topology.parameterCount());
        List<Checkpoint> saved = new ArrayList<>();
        ArithmeticException e = assertThrows(
                ArithmeticException.class,
                () -> new SparkTrainer(
                                sc, topology, Setup.RELU_SOFTMAX.config, new TrainingLimits(0, 1, 0, 1), Engine.JOBS)
                        .train(TrainingRequest.of(
                                        Initializer.initialize(topology, 1),
                                        huge,
                                        TestBlocks.of(sc, train, 2),
                                        train.size())
                                .withCheckpoints(saved::add)));
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
        Checkpoint last = saved.get(saved.size() - 1);
        assertTrue(
                e.getMessage().contains("the last good checkpoint (iteration " + last.iteration() + ") is kept"),
                e.getMessage());
        for (double p : last.parameters()) {
            assertTrue(Double.isFinite(p));
        }
    }

    private static Optimizer adam(Topology topology) {
        return Optimizer.builder(new Adam(), new LearningRateSchedule.Constant(0.002))
                .build(topology.parameterCount());
    }

    static double relativeDifference(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            norm = Math.max(norm, Math.abs(b[i]));
        }
        return diff / norm;
    }
}
