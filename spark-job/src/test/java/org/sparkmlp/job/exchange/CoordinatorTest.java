package org.sparkmlp.job.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.job.spark.LocalSpark;

/** The exchange on loopback: the chain's sums, its token check (with and without spark.authenticate), and its
 * failures. */
class CoordinatorTest {
    /** Three chunks, the last one short. */
    private static final int PARAMETERS = 2 * Frames.CHUNK + 1234;

    private final ExecutorService tasks = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    @Test
    void theChainDeliversTheWeightsToEveryTaskAndTheirSumsAddedInPartitionOrder() throws Exception {
        RunSecret secret = RunSecret.random();
        // task 1 holds partitions 1 and 2, the second without rows of the minibatch
        GradientSum[][] partitions = {{sum(1, 3)}, {sum(2, 5), new GradientSum(PARAMETERS)}, {sum(3, 7)}};
        double[] w = new Random(9).doubles(PARAMETERS).toArray();
        try (Coordinator coordinator = Coordinator.open("127.0.0.1", secret, 3, 10_000, () -> true)) {
            List<Future<double[]>> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                received.add(tasks.submit(() -> {
                    try (ChainMember member =
                            ChainMember.join(address(coordinator), secret, index, 10_000, () -> true)) {
                        double[] weights = new double[PARAMETERS];
                        assertEquals(41, member.receiveWeights(weights));
                        member.passSums(partitions[index]);
                        assertEquals(-1, member.receiveWeights(new double[PARAMETERS]));
                        return weights;
                    }
                }));
            }
            coordinator.assemble();
            coordinator.sendWeights(41, w, false);
            GradientSum total = coordinator.receiveSum(new double[PARAMETERS]);
            coordinator.finish();
            for (Future<double[]> weights : received) {
                assertArrayEquals(w, weights.get(10, TimeUnit.SECONDS), 0.0);
            }
            GradientSum expected =
                    sum(1, 3).add(sum(2, 5)).add(new GradientSum(PARAMETERS)).add(sum(3, 7));
            assertArrayEquals(expected.gradient(), total.gradient(), 0.0);
            assertEquals(expected.lossSum(), total.lossSum(), 0.0);
            assertEquals(15, total.count());
            // the driver's link: the parameters out once, the sum in once, whatever the number of tasks
            long wire = 8L * PARAMETERS;
            assertTrue(
                    coordinator.bytes() > 2 * wire && coordinator.bytes() < 2 * wire + 1000,
                    coordinator.bytes() + " bytes");
        }
    }

    @Test
    void aConnectionWithoutTheRunsSecretIsRefusedAndTheStageGoesOn() throws Exception {
        assertRefusedWhileTheStageGoesOn(RunSecret.random(), RunSecret.random().token());
    }

    @Test
    void withSparkAuthenticationTheClosuresSecretAloneIsRefused() throws Exception {
        SparkSession spark = LocalSpark.start(
                "CoordinatorTest",
                new SparkConf().set("spark.authenticate", "true").set("spark.authenticate.secret", "spark's own"));
        try {
            // a reader of the task closure knows the run's secret, but not Spark's
            RunSecret secret = RunSecret.random();
            assertRefusedWhileTheStageGoesOn(secret, secret.token(""));
        } finally {
            spark.stop();
        }
    }

    /** An intruder presenting {@code token} is refused, and the run's one task joins after it. */
    private void assertRefusedWhileTheStageGoesOn(RunSecret secret, byte[] token) throws Exception {
        try (Coordinator coordinator = Coordinator.open("127.0.0.1", secret, 1, 10_000, () -> true);
                Socket intruder = new Socket()) {
            introduce(intruder, coordinator, token);
            Future<Long> task = tasks.submit(() -> {
                try (ChainMember member = ChainMember.join(address(coordinator), secret, 0, 10_000, () -> true)) {
                    return member.receiveWeights(new double[3]);
                }
            });
            coordinator.assemble();
            intruder.setSoTimeout(5000);
            assertEquals(-1, intruder.getInputStream().read(), "the intruder's connection is closed");
            assertEquals(1, coordinator.refused());
            coordinator.finish();
            assertEquals(-1, task.get(10, TimeUnit.SECONDS), "the run's task joined");
        }
    }

    @Test
    void aTaskThatVanishesMidIterationIsAClearFailureAtOnce() throws Exception {
        RunSecret secret = RunSecret.random();
        try (Coordinator coordinator = Coordinator.open("127.0.0.1", secret, 2, 60_000, () -> true)) {
            tasks.submit(() -> member(coordinator, secret, 0).receiveWeights(new double[PARAMETERS]));
            tasks.submit(() -> {
                ChainMember member = member(coordinator, secret, 1);
                member.receiveWeights(new double[PARAMETERS]);
                member.close(); // its connections cut before it passes the sum on
                return null;
            });
            coordinator.assemble();
            coordinator.sendWeights(0, new double[PARAMETERS], false);
            long started = System.nanoTime();
            ExchangeException e =
                    assertThrows(ExchangeException.class, () -> coordinator.receiveSum(new double[PARAMETERS]));
            assertTrue(e.getMessage().contains("task 1"), e.getMessage());
            assertTrue(System.nanoTime() - started < 30_000_000_000L, "well within the 60 s timeout");
        }
    }

    @Test
    void aTaskThatFallsSilentIsAClearFailureAfterTheTimeout() throws Exception {
        RunSecret secret = RunSecret.random();
        try (Coordinator coordinator = Coordinator.open("127.0.0.1", secret, 1, 1_000, () -> true)) {
            // joins, then never reads its weights nor sends a sum
            Future<ChainMember> silent = tasks.submit(() -> member(coordinator, secret, 0));
            coordinator.assemble();
            coordinator.sendWeights(0, new double[10], false);
            ExchangeException e = assertThrows(ExchangeException.class, () -> coordinator.receiveSum(new double[10]));
            assertTrue(e.getMessage().startsWith("nothing from task 0"), e.getMessage());
            silent.get().close();
        }
    }

    @Test
    void theCoordinatorGivesUpWhenItsOwnerStopsWaiting() throws IOException {
        try (Coordinator coordinator = Coordinator.open("127.0.0.1", RunSecret.random(), 2, 60_000, () -> false)) {
            ExchangeException e = assertThrows(ExchangeException.class, coordinator::assemble);
            assertTrue(e.getMessage().contains("0 of 2"), e.getMessage());
        }
    }

    /** Connects {@code socket} to the coordinator and presents {@code token} as task 0 of 1. */
    private static void introduce(Socket socket, Coordinator coordinator, byte[] token) throws IOException {
        socket.connect(address(coordinator), 5000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] hello = new Frames.Hello(token, 0, 1, "127.0.0.1").encode().array();
        out.writeInt(1 + hello.length); // the frame's length counts its type byte
        out.writeByte(Frames.HELLO);
        out.write(hello);
        out.flush();
    }

    private static ChainMember member(Coordinator coordinator, RunSecret secret, int index) throws IOException {
        return ChainMember.join(address(coordinator), secret, index, 60_000, () -> true);
    }

    private static InetSocketAddress address(Coordinator coordinator) {
        return new InetSocketAddress("127.0.0.1", coordinator.port());
    }

    private static GradientSum sum(long seed, long count) {
        return new GradientSum(new Random(seed).doubles(PARAMETERS, -1, 1).toArray(), seed * 0.1, count);
    }
}
