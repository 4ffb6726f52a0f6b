package org.sparkmlp.job.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * The exchange over loopback TCP and in the JVM: the chain's sums, its token check (with and without
 * spark.authenticate), and its failures.
 */
class CoordinatorTest {
    /** Three chunks, the last one short. */
    private static final int PARAMETERS = 2 * Frames.CHUNK + 1234;

    private final ExecutorService tasks = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void theChainDeliversTheWeightsToEveryTaskAndTheirSumsAddedInPartitionOrder(Address.Kind kind) throws Exception {
        RunSecret secret = RunSecret.random();
        // task 1 holds partitions 1 and 2, the second without rows of the minibatch
        GradientSum[][] partitions = {{sum(1, 3)}, {sum(2, 5), new GradientSum(PARAMETERS)}, {sum(3, 7)}};
        double[] w = new Random(9).doubles(PARAMETERS).toArray();
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 3, 10_000, () -> true)) {
            List<Future<double[]>> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                received.add(tasks.submit(() -> {
                    try (ChainMember member =
                            ChainMember.join(address(coordinator), secret, index, 10_000, () -> true)) {
                        assertEquals(41, member.receiveWeights(new double[PARAMETERS]));
                        double[] weights = member.weights();
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
                if (kind == Address.Kind.IN_JVM) {
                    assertSame(w, weights.get(10, TimeUnit.SECONDS), "lent: the driver's own array");
                } else {
                    assertArrayEquals(w, weights.get(10, TimeUnit.SECONDS), 0.0);
                }
            }
            GradientSum expected =
                    sum(1, 3).add(sum(2, 5)).add(new GradientSum(PARAMETERS)).add(sum(3, 7));
            assertArrayEquals(expected.gradient(), total.gradient(), 0.0);
            assertEquals(expected.lossSum(), total.lossSum(), 0.0);
            assertEquals(15, total.count());
            // the driver's link: the parameters out once, the sum in once, whatever the number of tasks (a lent
            // chunk counts as its FP64 frame would)
            long wire = 8L * PARAMETERS;
            assertTrue(
                    coordinator.bytes() > 2 * wire && coordinator.bytes() < 2 * wire + 1000,
                    coordinator.bytes() + " bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void inFloat32TheWeightsArriveRoundedAndTheSumsAddedInFloat32AsTheJobsEngineAddsThem(Address.Kind kind)
            throws Exception {
        RunSecret secret = RunSecret.random();
        // task 0 holds two partitions; task 1 one without rows of the minibatch; task 2 one
        GradientSum[][] partitions = {{sum(1, 3), sum(2, 5)}, {new GradientSum(PARAMETERS)}, {sum(3, 7)}};
        double[] w = new Random(9).doubles(PARAMETERS).toArray();
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 3, 10_000, () -> true)) {
            List<Future<float[]>> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                received.add(tasks.submit(() -> {
                    try (ChainMember member =
                            ChainMember.join(address(coordinator), secret, index, 10_000, () -> true)) {
                        assertEquals(41, member.receiveWeights(new double[PARAMETERS]));
                        assertNull(member.weights());
                        float[] weights = member.weights32();
                        member.passSums(partitions[index]);
                        assertEquals(-1, member.receiveWeights(new double[PARAMETERS]));
                        return weights;
                    }
                }));
            }
            coordinator.assemble();
            coordinator.sendWeights(41, w, true);
            GradientSum total = coordinator.receiveSum(new double[PARAMETERS]);
            coordinator.finish();
            float[] rounded = Float32.narrow(w);
            for (Future<float[]> weights : received) {
                assertArrayEquals(rounded, weights.get(10, TimeUnit.SECONDS), 0.0f);
            }
            if (kind == Address.Kind.IN_JVM) {
                assertSame(received.get(0).get(), received.get(2).get(), "lent: the driver's one FP32 array");
            }
            // the jobs engine's: each task result rounded, the driver adding them to an FP32 sum in partition order
            GradientSum expected = sum(1, 3)
                    .roundToFloat32()
                    .add(sum(2, 5).roundToFloat32())
                    .add(new GradientSum(PARAMETERS).roundToFloat32())
                    .add(sum(3, 7).roundToFloat32());
            assertTrue(total.isFloat32());
            assertArrayEquals(expected.gradient(), total.gradient(), 0.0);
            assertEquals(expected.lossSum(), total.lossSum(), 0.0);
            assertEquals(15, total.count());
            long wire = 4L * PARAMETERS;
            assertTrue(
                    coordinator.bytes() > 2 * wire && coordinator.bytes() < 2 * wire + 1000,
                    coordinator.bytes() + " bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void withTheUpdateAppliedAsEachChunkOfTheSumArrivesEveryIterationSeesOnlyItsOwnParameters(Address.Kind kind)
            throws Exception {
        // the engine's loop: the driver updates each chunk of w as that chunk of the sum arrives and sends it on at
        // once (over TCP while the tasks still pass the rest of the sum; in the JVM the vector is one chunk). Lent
        // in the JVM, so a task that read parameters already updated, or a sum overwritten while a successor or the
        // driver still reads it, would change the result. Each task's sum of a partition is a function of w that
        // differs per partition; task 1 holds partitions 1 and 2, the second without rows of the minibatch.
        int iterations = 6;
        long[] rows = {3, 5, 0, 7};
        int[] firstPartition = {0, 1, 3};
        RunSecret secret = RunSecret.random();
        double[] w = new Random(5).doubles(PARAMETERS).toArray();
        double[] expected = w.clone();
        for (int t = 0; t < iterations; t++) {
            GradientSum total = partitionSum(expected, 0, rows[0], new double[PARAMETERS]);
            for (int p = 1; p < rows.length; p++) {
                total.add(partitionSum(expected, p, rows[p], new double[PARAMETERS]));
            }
            for (int k = 0; k < PARAMETERS; k++) {
                expected[k] -= 1e-3 * total.gradient()[k];
            }
        }
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 3, 10_000, () -> true)) {
            List<Future<Long>> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                members.add(tasks.submit(() -> {
                    int count = (index == 2 ? rows.length : firstPartition[index + 1]) - firstPartition[index];
                    GradientSum[] sums = new GradientSum[count];
                    // reused from iteration to iteration, as a barrier task's are
                    double[][] gradients = new double[count][PARAMETERS];
                    long seen = 0;
                    try (ChainMember member =
                            ChainMember.join(address(coordinator), secret, index, 10_000, () -> true)) {
                        for (long t = member.receiveWeights(new double[PARAMETERS]);
                                t >= 0;
                                t = member.receiveWeights(new double[PARAMETERS])) {
                            for (int p = 0; p < count; p++) {
                                int partition = firstPartition[index] + p;
                                sums[p] = partitionSum(member.weights(), partition, rows[partition], gradients[p]);
                            }
                            member.passSums(sums);
                            seen++;
                        }
                    }
                    return seen;
                }));
            }
            coordinator.assemble();
            coordinator.sendWeights(0, w, false);
            double[] gradient = new double[PARAMETERS];
            for (int t = 0; t < iterations; t++) {
                GradientSum sum = coordinator.receiveTotals(gradient);
                assertEquals(15, sum.count());
                if (t + 1 < iterations) {
                    coordinator.sendIteration(t + 1);
                }
                for (int from = 0; from < PARAMETERS; from = coordinator.chunkEnd(from, PARAMETERS)) {
                    double[] g = coordinator.receiveSum(sum, from).gradient();
                    for (int k = from; k < coordinator.chunkEnd(from, PARAMETERS); k++) {
                        w[k] -= 1e-3 * g[k];
                    }
                    if (t + 1 < iterations) {
                        coordinator.sendWeights(w, from, false);
                    }
                }
            }
            coordinator.finish();
            for (Future<Long> member : members) {
                assertEquals(iterations, member.get(10, TimeUnit.SECONDS));
            }
        }
        assertArrayEquals(expected, w, 0.0);
    }

    /**
     * Partition p's sum as a function of the parameters it saw, {@code (p + 1) w + sin(k p)} (zero without rows),
     * written into {@code g}.
     */
    private static GradientSum partitionSum(double[] w, int p, long rows, double[] g) {
        for (int k = 0; k < w.length; k++) {
            g[k] = rows > 0 ? (p + 1) * w[k] + Math.sin((double) k * p) : 0.0;
        }
        return new GradientSum(g, rows, rows);
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void aConnectionWithoutTheRunsSecretIsRefusedAndTheStageGoesOn(Address.Kind kind) throws Exception {
        assertRefusedWhileTheStageGoesOn(
                kind, RunSecret.random(), RunSecret.random().token());
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void withSparkAuthenticationTheClosuresSecretAloneIsRefused(Address.Kind kind) throws Exception {
        SparkSession spark = LocalSpark.start(
                "CoordinatorTest",
                new SparkConf().set("spark.authenticate", "true").set("spark.authenticate.secret", "spark's own"));
        try {
            // a reader of the task closure knows the run's secret, but not Spark's
            RunSecret secret = RunSecret.random();
            assertRefusedWhileTheStageGoesOn(kind, secret, secret.token(""));
        } finally {
            spark.stop();
        }
    }

    /** An intruder presenting {@code token} is refused, and the run's one task joins after it. */
    private void assertRefusedWhileTheStageGoesOn(Address.Kind kind, RunSecret secret, byte[] token) throws Exception {
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 1, 10_000, () -> true);
                Intruder intruder = new Intruder(coordinator.address("127.0.0.1"), token)) {
            Future<Long> task = tasks.submit(() -> {
                try (ChainMember member = ChainMember.join(address(coordinator), secret, 0, 10_000, () -> true)) {
                    return member.receiveWeights(new double[3]);
                }
            });
            coordinator.assemble();
            assertTrue(intruder.closedWithin(5000), "the intruder's connection is closed");
            assertEquals(1, coordinator.refused());
            coordinator.finish();
            assertEquals(-1, task.get(10, TimeUnit.SECONDS), "the run's task joined");
        }
    }

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void aTaskThatVanishesMidIterationIsAClearFailureAtOnce(Address.Kind kind) throws Exception {
        RunSecret secret = RunSecret.random();
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 2, 60_000, () -> true)) {
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

    @ParameterizedTest
    @EnumSource(Address.Kind.class)
    void aTaskThatFallsSilentIsAClearFailureAfterTheTimeout(Address.Kind kind) throws Exception {
        RunSecret secret = RunSecret.random();
        try (Coordinator coordinator = Coordinator.open(kind, "127.0.0.1", secret, 1, 1_000, () -> true)) {
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
        try (Coordinator coordinator =
                Coordinator.open(Address.Kind.TCP, "127.0.0.1", RunSecret.random(), 2, 60_000, () -> false)) {
            ExchangeException e = assertThrows(ExchangeException.class, coordinator::assemble);
            assertTrue(e.getMessage().contains("0 of 2"), e.getMessage());
        }
    }

    /**
     * A connection that presents {@code token} as task 0 of 1, in a frame it writes itself: over a plain socket for
     * TCP, over a Netty {@code LocalChannel} of its own event loop in the JVM.
     */
    private static final class Intruder implements AutoCloseable {
        private final Socket socket;
        private final EventLoopGroup loop;
        private final Channel channel;

        Intruder(Address coordinator, byte[] token) throws IOException, InterruptedException {
            byte[] hello = new Frames.Hello(token, 0, 1, "127.0.0.1").encode().array();
            ByteBuffer frame = ByteBuffer.allocate(5 + hello.length)
                    .putInt(1 + hello.length) // the frame's length counts its type byte
                    .put(Frames.HELLO)
                    .put(hello)
                    .flip();
            if (coordinator.kind() == Address.Kind.TCP) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(coordinator.host(), coordinator.port()), 5000);
                socket.getOutputStream().write(frame.array());
                socket.getOutputStream().flush();
                loop = null;
                channel = null;
            } else {
                socket = null;
                loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
                channel = new Bootstrap()
                        .group(loop)
                        .channel(LocalChannel.class)
                        .handler(new ChannelInboundHandlerAdapter())
                        .connect(new LocalAddress(coordinator.host()))
                        .sync()
                        .channel();
                channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).sync();
            }
        }

        boolean closedWithin(long millis) throws IOException, InterruptedException {
            if (socket != null) {
                socket.setSoTimeout((int) millis);
                return socket.getInputStream().read() == -1;
            }
            return channel.closeFuture().await(millis);
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            } else {
                channel.close().awaitUninterruptibly();
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static ChainMember member(Coordinator coordinator, RunSecret secret, int index) throws IOException {
        return ChainMember.join(address(coordinator), secret, index, 60_000, () -> true);
    }

    private static Address address(Coordinator coordinator) {
        return coordinator.address("127.0.0.1");
    }

    private static GradientSum sum(long seed, long count) {
        return new GradientSum(new Random(seed).doubles(PARAMETERS, -1, 1).toArray(), seed * 0.1, count);
    }
}
