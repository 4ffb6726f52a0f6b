package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;
import org.sparkmlp.job.model.ModelFile;

/**
 * The barrier engine on the real cluster of {@code deploy/local-cluster} (2 workers × 1 core, executors in their
 * own JVMs), through {@code deploy/submit/standalone.sh} and {@code deploy/mlp}: the jobs engine's weights to the
 * bit for 2 and 5 partitions (5: more partitions than the 2 task slots; {@code BarrierEngineTest} covers 1, 2, 3
 * and 5 in local mode), the same weights when an executor is killed or a connection of the exchange is cut
 * mid-epoch, and the jobs engine's clean failure on a bad record.
 */
@Tag("cluster")
class BarrierClusterIT {
    /** Short runs: 30 minibatches of 100 on the 10k sample. */
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
            "1",
            "--max-iterations",
            "30",
            "--shuffle",
            "epoch",
            "--seed",
            "7");

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static LocalCluster cluster;
    private static double[] undisturbed;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(dir.resolve("cluster"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> train(String model, List<String> job, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train", "--train", cluster.hdfs("/data/train-images-idx3-ubyte.gz"), "--model", cluster.hdfs(model)));
        args.addAll(job);
        args.addAll(List.of(more));
        return args;
    }

    static double[] submit(String model, List<String> job, String... more) throws Exception {
        Script.Result run = cluster.submit("client", train(model, job, more)).finish(TIMEOUT);
        assertEquals(0, run.exitCode(), run.describe());
        return cluster.readModel(model).parameters();
    }

    @Test
    void bothEnginesWriteTheSameWeightsToTheBitForAnyPartitioning() throws Exception {
        for (String partitions : new String[] {"2", "5"}) {
            double[] jobs = submit("/models/jobs-" + partitions, JOB, "--partitions", partitions);
            double[] barrier =
                    submit("/models/barrier-" + partitions, JOB, "--partitions", partitions, "--engine", "barrier");
            assertArrayEquals(jobs, barrier, 0.0, partitions + " partitions");
        }
        // and through deploy/mlp in local[2], 5 partitions on its 2 slots: the cluster's weights
        Path local = dir.resolve("local-barrier");
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                LocalCluster.SAMPLE + "train-images-idx3-ubyte.gz",
                "--model",
                local.toString(),
                "--master",
                "local[2]",
                "--partitions",
                "5",
                "--engine",
                "barrier"));
        args.addAll(JOB);
        Script.Result run = Script.run(Map.of(), "deploy/mlp", args);
        assertEquals(0, run.exitCode(), run.describe());
        double[] localWeights = ModelFile.read(
                        new org.apache.hadoop.fs.Path(local.toUri() + "/model.mlp"), new Configuration())
                .parameters();
        assertArrayEquals(cluster.readModel("/models/barrier-5").parameters(), localWeights, 0.0);
    }

    /** 2.5 epochs of 100 minibatches: long enough to be disturbed in epoch 2. */
    static List<String> longJob() {
        List<String> job = new ArrayList<>(JOB);
        job.set(job.indexOf("--max-iterations") + 1, "250");
        job.set(job.indexOf("--epochs") + 1, "3");
        job.addAll(List.of("--partitions", "2", "--engine", "barrier"));
        return job;
    }

    /** The weights of {@link #longJob()} undisturbed, trained once for the fault tests. */
    static synchronized double[] undisturbed() throws Exception {
        if (undisturbed == null) {
            undisturbed = submit("/models/undisturbed", longJob());
        }
        return undisturbed;
    }

    @Test
    void anExecutorKilledMidEpochCostsARelaunchedStageNotWeights() throws Exception {
        double[] undisturbed = undisturbed();
        // the driver holds the exchange as the run's 150th iteration (epoch 2's 50th) starts, until the stage fails:
        // so the kill lands mid-stage, not between two epochs' stages (BarrierEngine.HOLD_AT, internal to the tests)
        Script run = cluster.submit(
                "client",
                train("/models/executor-killed", longJob()),
                Map.of("MLP_SUBMIT_OPTS", "--conf spark.mlp.internal.faultTest.holdExchangeAtIteration=150"));
        String holding = run.awaitErrorLine(line -> line.contains("holding the exchange as iteration 150"), TIMEOUT);
        List<ProcessHandle> executors = cluster.executors();
        assertEquals(2, executors.size(), "one executor per worker");
        ProcessHandle victim = executors.get(0);
        Matcher id = ClusterFaultsIT.EXECUTOR_ID.matcher(LocalCluster.commandLine(victim));
        assertTrue(id.find());
        assertTrue(victim.destroyForcibly());

        Script.Result result = run.finish(TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("reached the limit of 250 iterations"), result.describe());
        assertTrue(result.err().contains("the barrier stage failed in epoch 2, iteration 50 ("), result.describe());
        double[] disturbed = cluster.readModel("/models/executor-killed").parameters();
        System.out.printf(
                "killed executor %s (pid %d) after the driver logged \"%s\"; max relative weight "
                        + "difference to the undisturbed run: %.3g%n",
                id.group(1), victim.pid(), holding, LocalCluster.relativeDifference(disturbed, undisturbed));
        assertArrayEquals(undisturbed, disturbed, 0.0, "the same weights as the undisturbed run");
    }

    @Test
    void aConnectionCutMidIterationCostsARelaunchedStageNotWeights() throws Exception {
        double[] undisturbed = undisturbed();
        // the coordinator cuts the last task's connection as the run's 150th iteration (epoch 2's 50th) starts; the
        // key is internal to the fault tests (BarrierEngine.CUT_AT)
        Script.Result result = cluster.submit(
                        "client",
                        train("/models/connection-cut", longJob()),
                        Map.of("MLP_SUBMIT_OPTS", "--conf spark.mlp.internal.faultTest.cutExchangeAtIteration=150"))
                .finish(TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("reached the limit of 250 iterations"), result.describe());
        String failure = result.err()
                .lines()
                .filter(line -> line.contains("the barrier stage failed"))
                .findFirst()
                .orElse("");
        assertTrue(failure.contains("in epoch 2, iteration 50 ("), result.describe());
        assertTrue(failure.contains("relaunching it from there"), result.describe());
        // executors in JVMs of their own: the exchange goes over TCP
        assertTrue(result.err().contains("iterations exchanged over TCP"), result.describe());
        double[] disturbed = cluster.readModel("/models/connection-cut").parameters();
        System.out.printf(
                "cut the last task's connection at iteration 150: \"%s\"; max relative weight difference to the "
                        + "undisturbed run: %.3g%n",
                failure, LocalCluster.relativeDifference(disturbed, undisturbed));
        assertArrayEquals(undisturbed, disturbed, 0.0, "the same weights as the undisturbed run");
    }

    @Test
    void aBadRecordIsTheSameOneLineAndExitCodeAsWithTheJobsEngine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "label,a,b\n0,0.5,0.25\n1,0.1,0.2\n7,0.3,0.3\n");
        assertEquals(
                0,
                cluster.hdfsShell("dfs", "-put", csv.toString(), "/data/bad.csv")
                        .exitCode());
        Script.Result run = cluster.submit(
                        "client",
                        List.of(
                                "train",
                                "--train",
                                cluster.hdfs("/data/bad.csv"),
                                "--format",
                                "csv",
                                "--layers",
                                "2-4-3",
                                "--engine",
                                "barrier",
                                "--model",
                                cluster.hdfs("/models/bad")))
                .finish(TIMEOUT);
        assertEquals(3, run.exitCode(), run.describe());
        // the jobs engine's line for the same record (DataLoaderTest; on this cluster, LocalClusterIT's bad record)
        String expected = "mlp: " + cluster.hdfs("/data/bad.csv") + ", record 2 (line 4): label 7 is outside [0, 3)";
        List<String> lines =
                run.err().lines().filter(l -> l.startsWith("mlp: ")).toList();
        assertEquals(1, lines.size(), run.describe());
        assertTrue(lines.get(0).startsWith(expected), expected + "\n" + run.describe());
    }
}
