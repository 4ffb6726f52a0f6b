package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.Precision;
import org.sparkmlp.job.train.SparkTrainer;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingRequest;

/**
 * The engines' benchmark ({@code deploy/bench/cluster}) on the master spark-submit gives it: milliseconds per
 * iteration of both engines for a tiny and the benchmark's network on the full Fashion-MNIST (the latter also with
 * {@code --wire float32} at batch 512), and the bytes on the driver's link per iteration with either wire, counted
 * by the barrier engine's coordinator and from Spark's task metrics (task results into the driver). In local mode
 * also the single-process trainer at batch 128, in this JVM. Prints one CSV line per measurement: {@code where,
 * executors,engine,network,batch,wire,median_ms,mean_ms,exchange_bytes,result_bytes} (bytes per iteration; the
 * jobs engine's broadcast out is not in Spark's metrics).
 *
 * <p>Arguments: {@code WHERE EXECUTORS DATA_DIR PARTITIONS ITERATIONS time|bytes}.
 */
public final class ClusterBenchmark {
    private record Case(String layers, int batch, Precision wire) {}

    private static final List<Case> TIMED = List.of(
            new Case("784-8-10", 64, Precision.FLOAT64),
            new Case("784-256-128-10", 512, Precision.FLOAT64),
            new Case("784-256-128-10", 128, Precision.FLOAT64),
            new Case("784-256-128-10", 512, Precision.FLOAT32));
    private static final List<Case> BYTES = List.of(
            new Case("784-256-128-10", 512, Precision.FLOAT64), new Case("784-256-128-10", 512, Precision.FLOAT32));
    private static final int WARM_UP = 5;

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        String where = args[0];
        String executors = args[1];
        Path data = Path.of(args[2]);
        int partitions = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        boolean timed = args[5].equals("time");
        SparkSession spark = SparkSession.builder().getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LoadedData train = DataLoader.load(
                spark,
                DataSpec.labelled(data.resolve("train-images-idx3-ubyte.gz").toString()),
                partitions,
                784,
                10);
        AtomicLong resultBytes = new AtomicLong();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    resultBytes.addAndGet(end.taskMetrics().resultSize());
                }
            }
        });
        for (Case c : timed ? TIMED : BYTES) {
            for (Engine engine : Engine.values()) {
                Topology topology = topology(c.layers());
                TrainingConfig config = new TrainingConfig(c.batch(), 1000, Shuffle.EPOCH, 1);
                IterationTimes times = new IterationTimes(iterations);
                long[] exchange = {0};
                TrainingRequest request = TrainingRequest.of(
                                Initializer.initialize(topology, 1), adam(topology), train.blocks(), train.count())
                        .withListener(new ExchangeBytes(times, exchange));
                spark.sparkContext().listenerBus().waitUntilEmpty();
                long resultsBefore = resultBytes.get();
                long started = System.nanoTime();
                times.start();
                new SparkTrainer(
                                sc,
                                topology,
                                config,
                                new TrainingLimits(iterations, 0, 0, 1),
                                engine,
                                Precision.FLOAT64,
                                c.wire())
                        .train(request);
                double meanMillis = (System.nanoTime() - started) / 1e6 / iterations;
                spark.sparkContext().listenerBus().waitUntilEmpty();
                System.out.printf(
                        Locale.ROOT,
                        "%s,%s,%s,%s,%d,%s,%.2f,%.2f,%d,%d%n",
                        where,
                        executors,
                        engine.toString().toLowerCase(Locale.ROOT),
                        c.layers(),
                        c.batch(),
                        c.wire().toString().toLowerCase(Locale.ROOT),
                        times.medianMillis(WARM_UP),
                        meanMillis,
                        exchange[0] / iterations,
                        (resultBytes.get() - resultsBefore) / iterations);
            }
        }
        if (timed && where.startsWith("local")) {
            double millis = singleProcessMillis(data, iterations);
            System.out.printf(
                    Locale.ROOT,
                    "%s,1,single-process,784-256-128-10,128,float64,%.2f,%.2f,0,0%n",
                    where,
                    millis,
                    millis);
        }
        spark.stop();
    }

    /** Milliseconds per iteration of core-math's trainer on this JVM's thread, batch 128. */
    private static double singleProcessMillis(Path data, int iterations) throws IOException {
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        DenseDataset all = IdxReader.read(images, IdxReader.labelsBeside(images));
        Topology topology = topology("784-256-128-10");
        DenseDataset rows = all.head(128 * (iterations + WARM_UP));
        TrainingConfig config = new TrainingConfig(128, 1, Shuffle.EPOCH, 1);
        new Trainer(topology, adam(topology), config)
                .train(Initializer.initialize(topology, 1), all.head(128 * WARM_UP), null, epoch -> {});
        long started = System.nanoTime();
        new Trainer(topology, adam(topology), config)
                .train(Initializer.initialize(topology, 1), rows, null, epoch -> {});
        return (System.nanoTime() - started) / 1e6 / (iterations + WARM_UP);
    }

    private static Topology topology(String layers) {
        return Topology.parse(layers, Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    }

    private static Optimizer adam(Topology topology) {
        return Optimizer.builder(new Adam(), new LearningRateSchedule.Constant(0.001))
                .build(topology.parameterCount());
    }

    /** Iteration times, and the exchange's bytes when the barrier engine reports them. */
    private static final class ExchangeBytes implements org.sparkmlp.job.train.TrainingListener {
        private final IterationTimes times;
        private final long[] bytes;

        ExchangeBytes(IterationTimes times, long[] bytes) {
            this.times = times;
            this.bytes = bytes;
        }

        @Override
        public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
            times.iterationDone(iteration, meanLoss, rows, samplesPerSecond);
        }

        @Override
        public void exchangeDone(long iterations, long driverBytes, int failedStages) {
            bytes[0] = driverBytes;
        }

        @Override
        public void epochDone(org.sparkmlp.core.train.EpochResult result, org.sparkmlp.core.train.Evaluation v) {}
    }
}
