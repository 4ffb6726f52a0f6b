package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelFile;

/**
 * The application jar on a real Spark standalone cluster with real HDFS ({@code deploy/local-cluster}), submitted in
 * client and in cluster deploy mode through {@code deploy/submit/standalone.sh}: the models it writes to HDFS equal a
 * local-mode run's with the same seed, schedule and partitions.
 */
@Tag("cluster")
class LocalClusterIT {
    /** A small network and schedule: 2 epochs of 100 minibatches on the 10k sample, 2 partitions. */
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
            "11",
            "--partitions",
            "2");

    static final String TRAIN = "train-images-idx3-ubyte.gz";
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static LocalCluster cluster;

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

    /** mlp train on the sample in the cluster's HDFS, writing the model to HDFS {@code model}. */
    static List<String> train(LocalCluster cluster, String trainFile, String model, List<String> job) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                cluster.hdfs("/data/" + trainFile),
                "--test",
                cluster.hdfs("/data/t10k-images-idx3-ubyte.gz"),
                "--model",
                cluster.hdfs(model)));
        args.addAll(job);
        return args;
    }

    /** The same job in local mode (deploy/mlp, local[2]) on the bundled sample: the reference. */
    static MlpModel localRun(Path model, List<String> job) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                LocalCluster.SAMPLE + "train-images-idx3-ubyte.gz",
                "--test",
                LocalCluster.SAMPLE + "t10k-images-idx3-ubyte.gz",
                "--model",
                model.toString(),
                "--master",
                "local[2]"));
        args.addAll(job);
        Script.Result run = Script.run(Map.of(), "deploy/mlp", args);
        assertEquals(0, run.exitCode(), run.describe());
        return ModelFile.read(new org.apache.hadoop.fs.Path(model.toUri() + "/model.mlp"), new Configuration());
    }

    @Test
    void clientAndClusterDeployModeWriteTheLocalModeModelToHdfs() throws Exception {
        MlpModel local = localRun(dir.resolve("local-model"), JOB);

        Script.Result client = cluster.submit("client", train(cluster, TRAIN, "/models/client", JOB))
                .finish(TIMEOUT);
        assertEquals(0, client.exitCode(), client.describe());
        assertTrue(client.out().contains("completed 2 epochs after 200 iterations"), client.describe());
        assertTrue(client.out().contains("model written to " + cluster.hdfs("/models/client")), client.describe());

        Script.Result clusterMode = cluster.submit("cluster", train(cluster, TRAIN, "/models/cluster", JOB))
                .finish(TIMEOUT);
        assertEquals(0, clusterMode.exitCode(), clusterMode.describe());
        assertTrue(clusterMode.err().contains(" FINISHED on worker 127.0.0.1:"), clusterMode.describe());

        double[] clientWeights = cluster.readModel("/models/client").parameters();
        double[] clusterWeights = cluster.readModel("/models/cluster").parameters();
        double clientDifference = LocalCluster.relativeDifference(clientWeights, local.parameters());
        double clusterDifference = LocalCluster.relativeDifference(clusterWeights, local.parameters());
        System.out.printf(
                "max relative weight difference to local mode: client %.3g, cluster %.3g; "
                        + "client to cluster %.3g%n",
                clientDifference, clusterDifference, LocalCluster.relativeDifference(clusterWeights, clientWeights));
        assertTrue(clientDifference <= 1e-9, "client mode differs by " + clientDifference);
        assertTrue(clusterDifference <= 1e-9, "cluster mode differs by " + clusterDifference);

        // both ran as applications of this cluster's Master (so did the failing driver of the other test, if it
        // ran first), on executors that loaded native OpenBLAS single-threaded (spark.executorEnv in the job's conf)
        String master = cluster.masterJson();
        assertTrue(master.split("\"name\" : \"mlp train 784-32-10\"", -1).length - 1 >= 2, master);
        assertTrue(
                cluster.executorLogs()
                        .contains("BLAS backend: JNIBLAS (native libopenblas.so.0, OPENBLAS_NUM_THREADS=1)"),
                "executors should use OpenBLAS through Spark's netlib, one thread per task");
    }

    @Test
    void aFailedClusterModeDriverIsAFailedSubmission() throws Exception {
        Script.Result failed = cluster.submit("cluster", train(cluster, "no-such-file.gz", "/models/failed", JOB))
                .finish(TIMEOUT);
        assertEquals(1, failed.exitCode(), failed.describe());
        assertTrue(failed.err().contains(" FAILED on worker "), failed.describe());
        assertEquals(
                1,
                cluster.hdfsShell("dfs", "-test", "-e", "/models/failed").exitCode(),
                "a failed run leaves no model");
    }

    @Test
    void aBadRecordInClientDeployModeIsOneLineOnTheConsoleAndTheWholeTraceInTheLog() throws Exception {
        java.nio.file.Path csv = dir.resolve("bad.csv");
        StringBuilder rows = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 400; i++) {
            rows.append(i % 3)
                    .append(',')
                    .append(i % 7 / 7.0)
                    .append(',')
                    .append(i % 5 / 5.0)
                    .append('\n');
        }
        rows.append("1,0.5,abc\n");
        java.nio.file.Files.writeString(csv, rows);
        assertEquals(
                0,
                cluster.hdfsShell("dfs", "-put", csv.toString(), "/data/bad.csv")
                        .exitCode());
        Path log = dir.resolve("client.log");
        Map<String, String> env = new java.util.HashMap<>(cluster.env());
        env.put("MLP_LOG_FILE", log.toString());
        Script.Result bad = Script.start(
                        env,
                        "deploy/submit/standalone.sh",
                        List.of(
                                "client",
                                cluster.master(),
                                "train",
                                "--train",
                                cluster.hdfs("/data/bad.csv"),
                                "--layers",
                                "2-3",
                                "--partitions",
                                "2",
                                "--model",
                                cluster.hdfs("/models/bad")))
                .finish(TIMEOUT);

        assertEquals(3, bad.exitCode(), bad.describe());
        List<String> console = bad.err()
                .lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules"))
                .toList();
        assertEquals(
                List.of("mlp: " + cluster.hdfs("/data/bad.csv") + ", record 400 (line 402): column 'b' holds "
                        + "'abc', not a number (log: " + log + ")"),
                console,
                bad.describe());
        String trace = java.nio.file.Files.readString(log);
        assertTrue(trace.contains("WARN org.apache.spark.scheduler.TaskSetManager: Lost task"), trace);
        assertTrue(trace.contains("\tat org.sparkmlp.job.data."), trace);
    }
}
