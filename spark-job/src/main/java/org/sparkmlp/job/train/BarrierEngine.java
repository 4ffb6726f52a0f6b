package org.sparkmlp.job.train;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.ChangedParameters;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.exchange.Address;
import org.sparkmlp.job.exchange.Coordinator;
import org.sparkmlp.job.exchange.ExchangeException;
import org.sparkmlp.job.exchange.RunSecret;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * {@link Engine#BARRIER}: one barrier stage per span of iterations. Its tasks keep the cached blocks (several
 * partitions per task when there are more partitions than task slots) and exchange parameters and sums with the
 * driver's {@link Coordinator} along a chain in partition order, so the sums equal the jobs engine's bit for bit;
 * in the driver's JVM for a local master, else over TCP ({@link #transport}).
 *
 * <p>The driver applies every update itself, so it always holds the parameters and optimizer state of the last
 * completed iteration: when a task or executor is lost, or a connection breaks, the stage fails, and the engine
 * launches a new one from that iteration (at most {@code spark.mlp.barrier.retries} times per run, default 3).
 * Every wait ends within {@code spark.mlp.barrier.timeout} (default 60 s) without a byte from the peer.
 */
final class BarrierEngine implements IterationEngine {
    static final String TIMEOUT = "spark.mlp.barrier.timeout";
    static final String RETRIES = "spark.mlp.barrier.retries";
    /**
     * For the cluster fault tests only: cut the last task's connection once per run, as the run's N-th iteration
     * starts (iteration N − 1's sum is all in, N's parameters are not: its sum cannot come back). A Spark conf key,
     * not package-private code, because the tests' driver is a process of its own started through deploy/submit;
     * "internal" keeps it out of the documented keys, and it does nothing unless set.
     */
    static final String CUT_AT = "spark.mlp.internal.faultTest.cutExchangeAtIteration";
    /**
     * For the cluster fault tests only, like {@link #CUT_AT}: once per run, as the run's N-th iteration starts, log
     * that the exchange holds and wait (up to the timeout) until the stage fails, so that a test that kills an
     * executor on that line kills it mid-stage, in a known iteration.
     */
    static final String HOLD_AT = "spark.mlp.internal.faultTest.holdExchangeAtIteration";

    private static final Logger LOG = LoggerFactory.getLogger(BarrierEngine.class);
    private static final ClassTag<Object> OBJECT = ClassTag$.MODULE$.apply(Object.class);

    private final JavaSparkContext sc;
    private final Topology topology;
    private final JavaRDD<LabeledBlock> blocks;
    private final MinibatchSchedule schedule;
    private final int epochs;
    private final TrainingListener listener;
    private final RunSecret secret = RunSecret.random();
    private final long timeoutMillis;
    private final int retries;
    private final String bindHost;
    private final String driverHost;
    private final Address.Kind transport;
    private final double[] gradient;
    private final Precision precision;
    /** Whether the parameters and sums travel in FP32 ({@code --wire float32}). */
    private final boolean float32;

    /** The current span's stage, once launched. */
    private final AtomicReference<JavaFutureAction<List<Object>>> stage = new AtomicReference<>();

    private long cutAt;
    private long holdAt;
    private int failures;
    private long iterations;
    private long driverBytes;
    private JavaPairRDD<Integer, LabeledBlock> grouped;

    BarrierEngine(
            JavaSparkContext sc,
            Topology topology,
            JavaRDD<LabeledBlock> blocks,
            MinibatchSchedule schedule,
            int epochs,
            TrainingListener listener,
            Precision precision,
            Precision wire) {
        SparkConf conf = sc.getConf();
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new IllegalArgumentException("the barrier engine cannot run with spark.dynamicAllocation.enabled="
                    + "true: a barrier stage needs all its task slots at once; turn it off or use --engine jobs");
        }
        this.sc = sc;
        this.topology = topology;
        this.blocks = blocks;
        this.schedule = schedule;
        this.epochs = epochs;
        this.listener = listener;
        this.timeoutMillis = conf.getTimeAsMs(TIMEOUT, "60s");
        this.retries = conf.getInt(RETRIES, 3);
        this.cutAt = conf.getLong(CUT_AT, -1);
        this.holdAt = conf.getLong(HOLD_AT, -1);
        this.driverHost = conf.get("spark.driver.host", "127.0.0.1");
        this.bindHost = conf.get("spark.driver.bindAddress", driverHost);
        this.transport = transport(sc.sc());
        this.gradient = new double[topology.parameterCount()];
        this.precision = precision;
        this.float32 = wire == Precision.FLOAT32;
    }

    @Override
    public void run(int epoch, long first, long end, double[] w, ChangedParameters changed, Step step)
            throws IOException {
        long t = first;
        while (t < end) {
            int tasks = tasks();
            stage.set(null);
            Coordinator coordinator = Coordinator.open(
                    transport,
                    bindHost,
                    secret,
                    tasks,
                    timeoutMillis,
                    () -> stage.get() == null || !stage.get().isDone());
            try {
                sc.setJobDescription(String.format(
                        Locale.ROOT,
                        "epoch %d/%d · iterations %d–%d/%d · barrier stage",
                        epoch + 1,
                        epochs,
                        t + 1,
                        end,
                        schedule.iterationsPerEpoch()));
                stage.set(launch(epoch, tasks, coordinator));
                coordinator.assemble();
                faultTestAt(coordinator, iterations + 1);
                coordinator.sendWeights(t, w, float32);
                for (; t < end; t++) {
                    iterate(coordinator, t, t + 1 < end, w, step);
                }
                coordinator.finish();
                awaitEnd(stage.get());
            } catch (ExchangeException e) {
                step.undo();
                failures++;
                String reason = failureOf(stage.get(), e);
                if (failures > retries) {
                    throw new TrainingFailedException(
                            "the barrier stage failed " + failures
                                    + " times (the limit " + RETRIES + " is " + retries + "); the last time in epoch "
                                    + (epoch + 1) + ", iteration " + (t + 1) + ": " + reason,
                            e);
                }
                LOG.warn(
                        "the barrier stage failed in epoch {}, iteration {} ({}); relaunching it from there "
                                + "(failure {} of at most {})",
                        epoch + 1,
                        t + 1,
                        reason,
                        failures,
                        retries);
            } finally {
                if (stage.get() != null && !stage.get().isDone()) {
                    stage.get().cancel(true);
                }
                driverBytes += coordinator.bytes();
                coordinator.close();
            }
        }
    }

    /**
     * Receives iteration t's sum and applies it; sends iteration t + 1's parameters if {@code next}. When the
     * optimizer's step is element-wise and the sum comes in several chunks (over TCP), each chunk is applied as it
     * arrives and the updated chunk of the parameters sent at once, so that the update, the parameters' way out and
     * the rest of the sum's way in overlap; the parameters are the same to the bit.
     */
    private void iterate(Coordinator coordinator, long t, boolean next, double[] w, Step step) throws IOException {
        // a sum in one chunk (always in the JVM) leaves nothing to overlap, and the whole step copies nothing for an
        // undo, as a step in parts must
        if (step.inParts() && coordinator.chunkEnd(0, gradient.length) < gradient.length) {
            GradientSum sum = coordinator.receiveTotals(gradient);
            step.begin(t, sum);
            if (next) {
                coordinator.sendIteration(t + 1);
            }
            for (int from = 0, to; from < gradient.length; from = to) {
                to = coordinator.chunkEnd(from, gradient.length);
                step.part(coordinator.receiveSum(sum, from), from, to);
                if (next) {
                    if (to == gradient.length) {
                        // iteration t's sum is all in, and t + 1 cannot start before this last chunk of its w
                        faultTestAt(coordinator, iterations + 2);
                    }
                    coordinator.sendWeights(w, from, float32);
                }
            }
            step.end(t, sum);
        } else {
            step.apply(t, coordinator.receiveSum(gradient));
            if (next) {
                faultTestAt(coordinator, iterations + 2);
                coordinator.sendWeights(t + 1, w, float32);
            }
        }
        iterations++;
    }

    /**
     * For the fault tests ({@link #CUT_AT}, {@link #HOLD_AT}): called as the run's N-th iteration ({@code started})
     * starts, when the previous iteration's sum is all in and this one's cannot be yet, however fast the tasks and
     * the transport are.
     */
    private void faultTestAt(Coordinator coordinator, long started) {
        if (started == cutAt) {
            cutAt = -1;
            coordinator.cutTail(CUT_AT + "=" + started);
        }
        if (started == holdAt) {
            holdAt = -1;
            LOG.warn("holding the exchange as iteration {} starts until the stage fails ({})", started, HOLD_AT);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (!stage.get().isDone() && System.nanoTime() < deadline) {
                sleep(50);
            }
        }
    }

    /**
     * The exchange's transport: in the JVM when the tasks run in the driver's (a local master, as Spark tells it:
     * not {@code local-cluster[…]}, whose executors are JVMs of their own), else TCP.
     */
    static Address.Kind transport(SparkContext context) {
        return context.isLocal() ? Address.Kind.IN_JVM : Address.Kind.TCP;
    }

    /** Submits the stage: one barrier task per partition or per group of contiguous partitions. */
    private JavaFutureAction<List<Object>> launch(int epoch, int tasks, Coordinator coordinator) {
        int partitions = blocks.getNumPartitions();
        BarrierTask task = new BarrierTask(
                topology,
                schedule,
                epoch,
                precision,
                sc.sc().applicationId(),
                blocks.id(),
                partitions,
                tasks,
                coordinator.address(driverHost),
                secret,
                timeoutMillis);
        return JavaRDD.fromRDD(taskInput(tasks).rdd().barrier().mapPartitions(task, false, OBJECT), OBJECT)
                .collectAsync();
    }

    /**
     * The tasks' blocks: the cached blocks themselves with a task per partition; else, since a barrier stage must
     * have as many partitions as all its RDDs, the blocks shuffled once into contiguous groups and cached too.
     */
    private JavaRDD<PartitionBlock> taskInput(int tasks) {
        if (tasks == blocks.getNumPartitions()) {
            return blocks.mapPartitionsWithIndex(new PartitionBlock.Tag(), true);
        }
        if (grouped == null || grouped.getNumPartitions() != tasks) {
            if (grouped != null) {
                grouped.unpersist(false);
            }
            grouped = JavaPairRDD.fromJavaRDD(blocks.mapPartitionsWithIndex(new PartitionBlock.Key(), true))
                    .partitionBy(new ContiguousGroups(blocks.getNumPartitions(), tasks))
                    .persist(StorageLevel.MEMORY_AND_DISK());
        }
        return grouped.mapPartitions(new PartitionBlock.FromKeyed(), true);
    }

    /**
     * Barrier tasks: one per partition, or one per free task slot with several partitions each when there are
     * more partitions. Waits (within the timeout) for a first executor.
     */
    private int tasks() throws ExchangeException {
        SparkContext context = sc.sc();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int slots =
                context.maxNumConcurrentTasks(context.resourceProfileManager().defaultResourceProfile());
        while (slots == 0) {
            if (System.nanoTime() > deadline) {
                throw new ExchangeException("no executor offered a task slot within " + timeoutMillis / 1000 + " s");
            }
            sleep(200);
            slots = context.maxNumConcurrentTasks(
                    context.resourceProfileManager().defaultResourceProfile());
        }
        return Math.min(blocks.getNumPartitions(), slots);
    }

    /** The stage ends once its tasks have seen the end of the span. */
    private void awaitEnd(JavaFutureAction<List<Object>> stage) {
        try {
            stage.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // every iteration of the span is done and applied: a task lost now costs nothing
            LOG.warn("the barrier stage did not end cleanly after its last iteration: {}", e.getMessage());
        }
    }

    /**
     * Spark's reason for the stage's failure if it gives one soon, else the exchange's; on one line, without the
     * stack trace Spark appends to a failed task's exception.
     */
    private String failureOf(JavaFutureAction<List<Object>> stage, ExchangeException exchange) {
        if (stage != null) {
            try {
                stage.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                return String.join(
                        " ",
                        reason.lines()
                                .takeWhile(line -> !line.startsWith("\tat "))
                                .toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | RuntimeException e) {
                // still running (the exchange noticed first) or cancelled: the exchange's reason it is
            }
        }
        return exchange.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (grouped != null) {
            grouped.unpersist(false);
        }
        listener.exchangeDone(iterations, driverBytes, failures);
        if (iterations > 0) {
            LOG.info(
                    "barrier engine: {} iterations exchanged over {}, {} bytes through the driver's exchange "
                            + "connections ({} per iteration), {} failed stages",
                    iterations,
                    transport,
                    driverBytes,
                    driverBytes / iterations,
                    failures);
        }
    }
}
