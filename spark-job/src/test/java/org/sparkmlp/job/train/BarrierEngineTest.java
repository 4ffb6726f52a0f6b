package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.exchange.Address;
import org.sparkmlp.job.model.Checkpoint;
import org.sparkmlp.job.spark.LocalSpark;
import org.sparkmlp.job.train.SparkTrainerTest.Setup;

/** The barrier engine in local[2]: the jobs engine's weights bit for bit, whatever befalls its tasks. */
class BarrierEngineTest {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");

    private static SparkSession spark;
    private static JavaSparkContext sc;
    private static DenseDataset train;
    private static DenseDataset test;

    @BeforeAll
    static void start() throws IOException {
        // short waits, so that a test of a failure does not wait for the default minute
        spark = LocalSpark.start(
                "BarrierEngineTest",
                new SparkConf().set(BarrierEngine.TIMEOUT, "10s").set(BarrierEngine.RETRIES, "2"));
        sc = LocalSpark.context(spark);
        DenseDataset all = IdxReader.read(
                SAMPLE.resolve("train-images-idx3-ubyte.gz"), SAMPLE.resolve("train-labels-idx1-ubyte.gz"));
        train = all.head(1000);
        test = IdxReader.read(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"))
                .head(200);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void bothEnginesGiveBitIdenticalWeightsForAnyPartitioningEqualToTheSingleProcessTrainer(Setup setup)
            throws IOException {
        double[] reference = Initializer.initialize(setup.topology, 11);
        new Trainer(setup.topology, setup.optimizer(), setup.config).train(reference, train, null, epoch -> {});
        // 3 and 5 partitions on 2 task slots: a barrier task holds several
        for (int partitions : new int[] {1, 2, 3, 5}) {
            JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, partitions);
            double[] jobs = train(setup, Engine.JOBS, blocks, TrainingLimits.none(), null)
                    .parameters();
            double[] barrier = train(setup, Engine.BARRIER, blocks, TrainingLimits.none(), null)
                    .parameters();
            assertArrayEquals(jobs, barrier, 0.0, partitions + " partitions");
            double error = SparkTrainerTest.relativeDifference(barrier, reference);
            assertTrue(error < 1e-9, partitions + " partitions differ from the single-process run by " + error);
            blocks.unpersist(false);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theUpdateAppliedChunkByChunkAsTheSumArrivesIsTheWholeUpdateToTheBit(boolean clipping) throws IOException {
        // 50,890 parameters: two chunks of the exchange. Adam with weight decay is element-wise, so the driver
        // applies each chunk of the sum as it arrives; clipping needs the whole sum first
        Topology topology = Topology.parse("784-64-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        TrainingConfig config = new TrainingConfig(100, 2, Shuffle.EPOCH, 5);
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 3);
        double[][] results = new double[2][];
        for (Engine engine : Engine.values()) {
            Optimizer.Builder optimizer = Optimizer.builder(new Adam(), new LearningRateSchedule.Constant(0.001))
                    .weightDecay(1e-4);
            if (clipping) {
                optimizer.clipNorm(0.05);
            }
            results[engine.ordinal()] = new SparkTrainer(sc, topology, config, TrainingLimits.none(), engine)
                    .train(TrainingRequest.of(
                            Initializer.initialize(topology, 11),
                            optimizer.build(topology.parameterCount()),
                            blocks,
                            train.size()))
                    .parameters();
        }
        assertArrayEquals(results[Engine.JOBS.ordinal()], results[Engine.BARRIER.ordinal()], 0.0);
        blocks.unpersist(false);
    }

    /**
     * With CSR rows the jobs engine broadcasts w once and then only what changed, and steps over the changed
     * parameters alone (the columns of pixels no minibatch has held stay out; for the lazy rules, those the
     * minibatch has not held); the barrier engine sends and steps over all of w. The same bits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "adam, clipped", "lazy-adam", "lazy-adam, clipped"})
    void onSparseRowsTheJobsEnginesDeltasAndPartialStepsGiveTheBarrierEnginesBits(String setup) throws IOException {
        Topology topology = Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        TrainingConfig config = new TrainingConfig(50, 2, Shuffle.EPOCH, 5);
        for (int partitions : new int[] {1, 3}) {
            JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, partitions)
                    .map(b -> b.withFeatures(FeatureStorage.SPARSE.pack(b.features())))
                    .persist(StorageLevel.MEMORY_ONLY());
            double[][] results = new double[2][];
            for (Engine engine : Engine.values()) {
                Optimizer.Builder optimizer = Optimizer.builder(
                        UpdateRule.named(setup.split(",")[0], 0.9), new LearningRateSchedule.Constant(0.01));
                if (setup.endsWith("clipped")) {
                    optimizer.clipNorm(0.05);
                }
                results[engine.ordinal()] = new SparkTrainer(sc, topology, config, TrainingLimits.none(), engine)
                        .train(TrainingRequest.of(
                                        Initializer.initialize(topology, 11),
                                        optimizer.build(topology.parameterCount()),
                                        blocks,
                                        train.size())
                                .withStorage(FeatureStorage.SPARSE))
                        .parameters();
            }
            assertArrayEquals(
                    results[Engine.BARRIER.ordinal()],
                    results[Engine.JOBS.ordinal()],
                    0.0,
                    setup + ", " + partitions + " partitions");
            blocks.unpersist(false);
        }
    }

    @Test
    void checkpointsAndValidationSplitTheEpochIntoStagesAndChangeNothing() throws IOException {
        Setup setup = Setup.RELU_SOFTMAX;
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 3);
        JavaRDD<LabeledBlock> validation = TestBlocks.of(sc, test, 2);
        TrainingLimits limits = new TrainingLimits(0, 7, 0, 1);
        List<Checkpoint> jobsCheckpoints = new ArrayList<>();
        List<Checkpoint> barrierCheckpoints = new ArrayList<>();
        TrainingOutcome jobs = new SparkTrainer(sc, setup.topology, setup.config, limits, Engine.JOBS)
                .train(request(setup, blocks).withValidation(validation).withCheckpoints(jobsCheckpoints::add));
        TrainingOutcome barrier = new SparkTrainer(sc, setup.topology, setup.config, limits, Engine.BARRIER)
                .train(request(setup, blocks).withValidation(validation).withCheckpoints(barrierCheckpoints::add));
        assertArrayEquals(jobs.parameters(), barrier.parameters(), 0.0);
        assertEquals(
                jobsCheckpoints.stream().map(Checkpoint::iteration).toList(),
                barrierCheckpoints.stream().map(Checkpoint::iteration).toList());
        for (int i = 0; i < jobs.epochs().size(); i++) {
            assertEquals(
                    jobs.epochs().get(i).trainLoss(), barrier.epochs().get(i).trainLoss(), 0.0);
            assertEquals(
                    jobs.epochs().get(i).evalAccuracy(), barrier.epochs().get(i).evalAccuracy(), 0.0);
        }
    }

    @Test
    void aKilledTaskFailsTheStageWhichRestartsFromTheLastIterationWithTheSameResult() throws IOException {
        Setup setup = Setup.RELU_SOFTMAX;
        JavaRDD<LabeledBlock> blocks = TestBlocks.of(sc, train, 2);
        double[] undisturbed = train(setup, Engine.BARRIER, blocks, TrainingLimits.none(), null)
                .parameters();

        Map<Long, Boolean> running = new ConcurrentHashMap<>();
        SparkListener tasks = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                running.put(start.taskInfo().taskId(), true);
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                running.remove(end.taskInfo().taskId());
            }
        };
        int[] kills = {0};
        TrainingListener killer = new TrainingListener() {
            @Override
            public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
                // mid-epoch 2, kill one of the stage's two tasks
                if (kills[0] == 0 && iteration == 5 && rows > 300 && !running.isEmpty()) {
                    kills[0]++;
                    sc.sc().killTaskAttempt(running.keySet().iterator().next(), true, "the test kills a task");
                }
            }

            @Override
            public void epochDone(EpochResult result, Evaluation validation) {}
        };
        spark.sparkContext().addSparkListener(tasks);
        try {
            double[] disturbed = train(setup, Engine.BARRIER, blocks, TrainingLimits.none(), killer)
                    .parameters();
            assertEquals(1, kills[0], "a task was killed");
            assertArrayEquals(undisturbed, disturbed, 0.0);
        } finally {
            spark.sparkContext().removeSparkListener(tasks);
        }
    }

    @Test
    void aCutConnectionWithNoRetriesLeftFailsTheRunWithOneLineNamingIt() {
        // no retry left, so a stage that is slow to start on a loaded machine must not fail this test
        sc.sc()
                .conf()
                .set(BarrierEngine.RETRIES, "0")
                .set(BarrierEngine.CUT_AT, "3")
                .set(BarrierEngine.TIMEOUT, "120s");
        try {
            Setup setup = Setup.RELU_SOFTMAX;
            TrainingFailedException e = assertThrows(
                    TrainingFailedException.class,
                    () -> train(setup, Engine.BARRIER, TestBlocks.of(sc, train, 2), TrainingLimits.none(), null));
            // the cut comes once iteration 2's sum is all in, before iteration 3's parameters are: iteration 3 fails
            assertTrue(
                    e.getMessage()
                            .matches("the barrier stage failed 1 times \\(the limit "
                                    + Pattern.quote(BarrierEngine.RETRIES)
                                    + " is 0\\); the last time in epoch 1, iteration 3: .*"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("connection"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        } finally {
            sc.sc()
                    .conf()
                    .set(BarrierEngine.RETRIES, "2")
                    .remove(BarrierEngine.CUT_AT)
                    .set(BarrierEngine.TIMEOUT, "10s");
        }
    }

    @Test
    void aLocalMastersTasksExchangeInTheDriversJvm() {
        // so the exchange of every test here goes through Netty's in-JVM transport, not the kernel (a real cluster's
        // goes over TCP: BarrierClusterIT)
        assertEquals(Address.Kind.IN_JVM, BarrierEngine.transport(sc.sc()));
    }

    @Test
    void dynamicAllocationIsRefusedAtOnce() {
        SparkConf conf = sc.getConf();
        assertTrue(!conf.getBoolean("spark.dynamicAllocation.enabled", false));
        sc.sc().conf().set("spark.dynamicAllocation.enabled", "true");
        try {
            Setup setup = Setup.RELU_SOFTMAX;
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> train(setup, Engine.BARRIER, TestBlocks.of(sc, train, 2), TrainingLimits.none(), null));
            assertTrue(e.getMessage().contains("spark.dynamicAllocation.enabled"), e.getMessage());
        } finally {
            sc.sc().conf().set("spark.dynamicAllocation.enabled", "false");
        }
    }

    private static TrainingOutcome train(
            Setup setup, Engine engine, JavaRDD<LabeledBlock> blocks, TrainingLimits limits, TrainingListener listener)
            throws IOException {
        TrainingRequest request = request(setup, blocks);
        return new SparkTrainer(sc, setup.topology, setup.config, limits, engine)
                .train(listener == null ? request : request.withListener(listener));
    }

    private static TrainingRequest request(Setup setup, JavaRDD<LabeledBlock> blocks) {
        return TrainingRequest.of(Initializer.initialize(setup.topology, 11), setup.optimizer(), blocks, train.size());
    }
}
