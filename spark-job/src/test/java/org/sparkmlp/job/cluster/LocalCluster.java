package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.sparkmlp.job.Script;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelFile;

/**
 * The cluster of {@code deploy/local-cluster}, started and stopped through its scripts as README tells a user, in a
 * directory of its own and on free loopback ports so that a cluster the developer runs is left alone.
 */
final class LocalCluster implements AutoCloseable {
    static final String SAMPLE = "data/fashion-mnist-sample/";

    private final Path dir;
    private final int masterPort;
    private final int restPort;
    private final int uiPort;
    private final int hdfsPort;
    private final int hdfsUiPort;
    /** The ResourceManager's client, UI, scheduler, tracker and admin ports when it runs YARN, else empty. */
    private final int[] yarnPorts;

    private LocalCluster(Path dir, int[] ports) {
        this.dir = dir;
        this.masterPort = ports[0];
        this.restPort = ports[1];
        this.uiPort = ports[2];
        this.hdfsPort = ports[3];
        this.hdfsUiPort = ports[4];
        this.yarnPorts = java.util.Arrays.copyOfRange(ports, 5, ports.length);
    }

    /** Starts the cluster (state in {@code dir}) and uploads the bundled Fashion-MNIST sample to HDFS /data. */
    static LocalCluster start(Path dir) throws Exception {
        return start(new LocalCluster(dir, freePorts(5)));
    }

    /** Starts HDFS and YARN ({@code deploy/local-cluster/start --yarn}) and uploads the sample to HDFS /data. */
    static LocalCluster startYarn(Path dir) throws Exception {
        return start(new LocalCluster(dir, freePorts(10)));
    }

    private static LocalCluster start(LocalCluster cluster) throws Exception {
        Script.Result start = cluster.yarnPorts.length == 0
                ? Script.run(cluster.env(), "deploy/local-cluster/start")
                : Script.run(cluster.env(), "deploy/local-cluster/start", "--yarn");
        assertEquals(0, start.exitCode(), start.describe());
        Script.Result mkdir = cluster.hdfsShell("dfs", "-mkdir", "-p", "/data");
        assertEquals(0, mkdir.exitCode(), mkdir.describe());
        Script.Result put = cluster.hdfsShell(
                "dfs",
                "-put",
                SAMPLE + "train-images-idx3-ubyte.gz",
                SAMPLE + "train-labels-idx1-ubyte.gz",
                SAMPLE + "t10k-images-idx3-ubyte.gz",
                SAMPLE + "t10k-labels-idx1-ubyte.gz",
                "/data/");
        assertEquals(0, put.exitCode(), put.describe());
        return cluster;
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    /** The environment deploy/local-cluster's scripts read: the state directory and the ports. */
    Map<String, String> env() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "MLP_CLUSTER_DIR",
                dir.toString(),
                "MLP_SPARK_MASTER_PORT",
                Integer.toString(masterPort),
                "MLP_SPARK_REST_PORT",
                Integer.toString(restPort),
                "MLP_SPARK_UI_PORT",
                Integer.toString(uiPort),
                "MLP_WORKER_UI_PORT",
                "0",
                "MLP_HDFS_PORT",
                Integer.toString(hdfsPort),
                "MLP_HDFS_UI_PORT",
                Integer.toString(hdfsUiPort)));
        String[] yarn = {
            "MLP_YARN_PORT",
            "MLP_YARN_UI_PORT",
            "MLP_YARN_SCHEDULER_PORT",
            "MLP_YARN_TRACKER_PORT",
            "MLP_YARN_ADMIN_PORT"
        };
        for (int i = 0; i < yarnPorts.length; i++) {
            env.put(yarn[i], Integer.toString(yarnPorts[i]));
        }
        return env;
    }

    /** The ResourceManager's REST API at {@code path}, e.g. {@code /ws/v1/cluster/apps}. */
    String yarnJson(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + yarnPorts[1] + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The master URL for client deploy mode. */
    String master() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's REST URL, for cluster deploy mode. */
    String restMaster() {
        return "spark://127.0.0.1:" + restPort;
    }

    String hdfs(String path) {
        return "hdfs://127.0.0.1:" + hdfsPort + path;
    }

    Path dir() {
        return dir;
    }

    /** Starts {@code deploy/submit/standalone.sh client|cluster MASTER args...} on this cluster. */
    Script submit(String deployMode, List<String> args) throws Exception {
        return submit(deployMode, args, Map.of());
    }

    /** As {@link #submit(String, List)}, with more environment variables (e.g. the run's own MLP_LOG_FILE). */
    Script submit(String deployMode, List<String> args, Map<String, String> moreEnv) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(List.of(deployMode, deployMode.equals("cluster") ? restMaster() : master()));
        command.addAll(args);
        Map<String, String> env = env();
        env.putAll(moreEnv);
        return Script.start(env, "deploy/submit/standalone.sh", command);
    }

    Script.Result hdfsShell(String... args) throws Exception {
        return Script.run(env(), "deploy/local-cluster/hdfs", args);
    }

    /** The Master's state as its web UI serves it (applications, drivers, workers). */
    String masterJson() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The model directory's model.mlp at {@code path} on this cluster's HDFS. */
    MlpModel readModel(String path) throws IOException {
        return ModelFile.read(new org.apache.hadoop.fs.Path(hdfs(path) + "/model.mlp"), new Configuration());
    }

    /** Executor JVMs the workers of this cluster are running (their working directories are in its state dir). */
    List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                .filter(p -> workingDirectory(p).startsWith(dir))
                .toList();
    }

    /** A process's whole command line (ProcessHandle.Info cuts long ones, e.g. with a Maven classpath). */
    static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static Path workingDirectory(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
        } catch (IOException e) {
            return Path.of("/proc");
        }
    }

    /** The standard error of every executor so far (the workers keep them in their work directories). */
    String executorLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path stderr : files.filter(f -> f.getFileName().toString().equals("stderr")
                            && f.getParent()
                                    .getParent()
                                    .getFileName()
                                    .toString()
                                    .startsWith("app-"))
                    .toList()) {
                logs.append(Files.readString(stderr));
            }
        }
        return logs.toString();
    }

    /** The largest weight difference relative to the largest weight of {@code reference} (as SparkTrainerTest). */
    static double relativeDifference(double[] actual, double[] reference) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < reference.length; i++) {
            difference = Math.max(difference, Math.abs(actual[i] - reference[i]));
            norm = Math.max(norm, Math.abs(reference[i]));
        }
        return difference / norm;
    }

    @Override
    public void close() throws Exception {
        Script.Result stop = Script.run(env(), "deploy/local-cluster/stop");
        assertEquals(0, stop.exitCode(), stop.describe());
    }
}
