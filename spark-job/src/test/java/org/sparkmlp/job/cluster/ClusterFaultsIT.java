package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;

/**
 * Faults on the real cluster of {@code deploy/local-cluster} cost time, never correctness: training whose executor is
 * killed in the middle, and training whose driver is killed in the middle and then rerun with {@code --resume}, end
 * with the weights of an undisturbed run of the same job on the same cluster.
 */
@Tag("cluster")
class ClusterFaultsIT {
    /** 2 epochs of 100 minibatches on the 10k sample, 2 partitions: interrupted after epoch 1, mid-run. */
    static final List<String> JOB = List.of(
            "--layers",
            "784-32-10",
            "--activation",
            "relu",
            "--optimizer",
            "momentum",
            "--lr",
            "0.05",
            "--batch",
            "100",
            "--epochs",
            "2",
            "--shuffle",
            "epoch",
            "--seed",
            "5",
            "--partitions",
            "2");

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    static final Pattern EXECUTOR_ID = Pattern.compile("--executor-id (\\d+)");

    @TempDir
    static Path dir;

    static LocalCluster cluster;
    static double[] undisturbed;

    @BeforeAll
    static void startClusterAndTrainUndisturbed() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"));
        Script.Result run = cluster.submit("client", train("/models/undisturbed", List.of()))
                .finish(TIMEOUT);
        assertEquals(0, run.exitCode(), run.describe());
        undisturbed = cluster.readModel("/models/undisturbed").parameters();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> train(String model, List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "train", "--train", cluster.hdfs("/data/train-images-idx3-ubyte.gz"), "--model", cluster.hdfs(model)));
        args.addAll(JOB);
        args.addAll(more);
        return args;
    }

    @Test
    void anExecutorKilledInTheMiddleCostsTimeNotWeights() throws Exception {
        // Spark's scheduler logs to the run's log file only (the console gets one line per error)
        Path log = dir.resolve("executor-killed.log");
        Script run = cluster.submit(
                "client", train("/models/executor-killed", List.of()), Map.of("MLP_LOG_FILE", log.toString()));
        String epochLine = run.awaitLine(line -> line.startsWith("epoch 1 "), TIMEOUT);
        List<ProcessHandle> executors = cluster.executors();
        assertEquals(2, executors.size(), "one executor per worker");
        ProcessHandle victim = executors.get(0);
        Matcher id = EXECUTOR_ID.matcher(LocalCluster.commandLine(victim));
        assertTrue(id.find());
        assertTrue(victim.destroyForcibly());

        Script.Result result = run.finish(TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("completed 2 epochs after 200 iterations"), result.describe());
        // the driver saw the executor go; its tasks and lost cached partitions were rerun elsewhere
        assertTrue(
                Files.readString(log).contains("Lost executor " + id.group(1) + " on 127.0.0.1"),
                "no 'Lost executor " + id.group(1) + "' in " + log + "\n" + result.describe());
        double difference = LocalCluster.relativeDifference(
                cluster.readModel("/models/executor-killed").parameters(), undisturbed);
        System.out.printf(
                "killed executor %s (pid %d) after the driver printed \"%s\"; max relative weight "
                        + "difference to the undisturbed run: %.3g%n",
                id.group(1), victim.pid(), epochLine, difference);
        assertEquals(0.0, difference, "the same weights as the undisturbed run");
    }

    @Test
    void aDriverKilledInTheMiddleResumesToTheSameWeights() throws Exception {
        List<String> checkpoints =
                List.of("--checkpoint-dir", cluster.hdfs("/checkpoints/driver-killed"), "--checkpoint-every", "50");
        Script run = cluster.submit("client", train("/models/driver-killed", checkpoints));
        String epochLine = run.awaitLine(line -> line.startsWith("epoch 1 "), TIMEOUT);
        ProcessHandle driver = run.process()
                .descendants()
                .filter(p -> LocalCluster.commandLine(p).contains("org.apache.spark.deploy.SparkSubmit"))
                .findFirst()
                .orElseThrow();
        assertTrue(driver.destroyForcibly());
        Script.Result killed = run.finish(TIMEOUT);
        assertNotEquals(0, killed.exitCode(), killed.describe());
        assertNotEquals(
                0,
                cluster.hdfsShell("dfs", "-test", "-e", "/models/driver-killed").exitCode(),
                "a killed driver leaves no model");

        List<String> resume = new ArrayList<>(checkpoints);
        resume.add("--resume");
        Script.Result resumed =
                cluster.submit("client", train("/models/driver-killed", resume)).finish(TIMEOUT);
        assertEquals(0, resumed.exitCode(), resumed.describe());
        Matcher from = Pattern.compile("resuming from the checkpoint after iteration (\\d+)")
                .matcher(resumed.out());
        assertTrue(from.find(), resumed.describe());
        int iteration = Integer.parseInt(from.group(1));
        // the end-of-epoch checkpoint is written after the epoch's line, so the newest one may be iteration 50's
        assertTrue(iteration >= 50 && iteration < 200, "resumed after iteration " + iteration);
        assertTrue(resumed.out().contains("completed 2 epochs after 200 iterations"), resumed.describe());
        double difference = LocalCluster.relativeDifference(
                cluster.readModel("/models/driver-killed").parameters(), undisturbed);
        System.out.printf(
                "killed the driver (pid %d) after it printed \"%s\"; resumed after iteration %d; max "
                        + "relative weight difference to the undisturbed run: %.3g%n",
                driver.pid(), epochLine, iteration, difference);
        assertEquals(0.0, difference, "the same weights as the undisturbed run");
    }
}
