package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;

/**
 * The application jar on real YARN ({@code deploy/local-cluster/start --yarn}: a ResourceManager and a NodeManager
 * with HDFS, on 127.0.0.1), submitted through {@code deploy/submit/yarn-client.sh} and {@code yarn-cluster.sh}
 * with the environment {@code deploy/local-cluster/env} prints, as docs/cluster.md tells a user: training from HDFS
 * to HDFS equals a local-mode run, also when an executor's container is killed mid-run, and a failing job is a
 * failed submission.
 */
@Tag("cluster")
@Tag("yarn")
class YarnClusterIT {
    static final Duration TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    static Path dir;

    static LocalCluster cluster;
    static Map<String, String> env;
    static double[] local;

    @BeforeAll
    static void startYarnAndTrainLocally() throws Exception {
        cluster = LocalCluster.startYarn(dir.resolve("cluster"));
        env = new HashMap<>(cluster.env());
        env.putAll(exports(Script.run(cluster.env(), "deploy/local-cluster/env")));
        // one attempt: a failing job is not worth a second application master here
        env.put("MLP_SUBMIT_OPTS", env.get("MLP_SUBMIT_OPTS") + " --conf spark.yarn.maxAppAttempts=1");
        // small containers: the NodeManager offers 4 GB, an application master, a driver and two executors fit
        env.putAll(Map.of(
                "MLP_EXECUTORS",
                "2",
                "MLP_EXECUTOR_CORES",
                "1",
                "MLP_EXECUTOR_MEMORY",
                "512m",
                "MLP_DRIVER_MEMORY",
                "512m",
                "MLP_LOG_FILE",
                dir.resolve("mlp.log").toString()));
        local = LocalClusterIT.localRun(dir.resolve("local-model"), LocalClusterIT.JOB)
                .parameters();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The variables of {@code export NAME=VALUE} lines, VALUE as bash's {@code printf %q} quotes it. */
    static Map<String, String> exports(Script.Result printed) {
        assertEquals(0, printed.exitCode(), printed.describe());
        Map<String, String> exports = new HashMap<>();
        for (String line : printed.out().lines().toList()) {
            assertTrue(line.startsWith("export "), printed.describe());
            String assignment = line.substring("export ".length());
            int equals = assignment.indexOf('=');
            exports.put(
                    assignment.substring(0, equals),
                    assignment.substring(equals + 1).replaceAll("\\\\(.)", "$1"));
        }
        assertTrue(
                exports.keySet().containsAll(List.of("SPARK_HOME", "HADOOP_CONF_DIR", "MLP_SUBMIT_OPTS")),
                printed.describe());
        return exports;
    }

    static Script submit(String script, String model, String trainFile) throws Exception {
        return Script.start(
                env, "deploy/submit/" + script, LocalClusterIT.train(cluster, trainFile, model, LocalClusterIT.JOB));
    }

    @Test
    void clientAndClusterDeployModeWriteTheLocalModeModelToHdfs() throws Exception {
        Script.Result client = submit("yarn-client.sh", "/models/yarn-client", LocalClusterIT.TRAIN)
                .finish(TIMEOUT);
        assertEquals(0, client.exitCode(), client.describe());
        assertTrue(client.out().contains("completed 2 epochs after 200 iterations"), client.describe());
        Script.Result clusterMode = submit("yarn-cluster.sh", "/models/yarn-cluster", LocalClusterIT.TRAIN)
                .finish(TIMEOUT);
        assertEquals(0, clusterMode.exitCode(), clusterMode.describe());

        double clientDifference = LocalCluster.relativeDifference(
                cluster.readModel("/models/yarn-client").parameters(), local);
        double clusterDifference = LocalCluster.relativeDifference(
                cluster.readModel("/models/yarn-cluster").parameters(), local);
        System.out.printf(
                "YARN: max relative weight difference to local mode: client %.3g, cluster %.3g%n",
                clientDifference, clusterDifference);
        assertTrue(clientDifference <= 1e-9, "client mode differs by " + clientDifference);
        assertTrue(clusterDifference <= 1e-9, "cluster mode differs by " + clusterDifference);
        String apps = cluster.yarnJson("/ws/v1/cluster/apps");
        assertTrue(apps.split("\"finalStatus\":\"SUCCEEDED\"", -1).length - 1 >= 2, apps);
    }

    @Test
    void aFailingJobMakesYarnClusterShExitNonZero() throws Exception {
        Script.Result failed =
                submit("yarn-cluster.sh", "/models/failed", "no-such-file.gz").finish(TIMEOUT);
        assertNotEquals(0, failed.exitCode(), failed.describe());
        assertTrue(failed.err().contains("finished with failed status"), failed.describe());
        assertEquals(
                1,
                cluster.hdfsShell("dfs", "-test", "-e", "/models/failed").exitCode(),
                "a failed run leaves no model");
    }

    @Test
    void anExecutorContainerKilledMidRunCostsTimeNotWeights() throws Exception {
        Script running = submit("yarn-client.sh", "/models/yarn-killed", LocalClusterIT.TRAIN);
        ProcessHandle executor;
        Script.Result run;
        try {
            running.awaitLine(line -> line.startsWith("epoch 1 "), TIMEOUT);
            // the executors' JVMs, not the shells YARN starts them with
            List<ProcessHandle> executors = cluster.executors().stream()
                    .filter(p -> p.info()
                            .command()
                            .map(command -> command.endsWith("/java"))
                            .orElse(false))
                    .toList();
            assertEquals(2, executors.size(), "executor JVMs of this cluster: " + executors);
            executor = executors.get(0);
            executor.destroyForcibly();
            run = running.finish(TIMEOUT);
        } finally {
            // a failed assertion must not leave the application holding the NodeManager's memory
            running.process().destroy();
        }
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("completed 2 epochs after 200 iterations"), run.describe());
        double difference = LocalCluster.relativeDifference(
                cluster.readModel("/models/yarn-killed").parameters(), local);
        System.out.printf(
                "YARN, executor %d killed in epoch 2: max relative weight difference to local mode %.3g%n",
                executor.pid(), difference);
        assertTrue(difference <= 1e-9, "differs by " + difference);
    }
}
