package org.sparkmlp.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;

/**
 * The YARN and Kubernetes scripts of {@code deploy/submit/} hand spark-submit what the job needs. There is no YARN or
 * Kubernetes here, so their spark-submit is a stand-in that records its arguments, one per line.
 */
class SubmitTemplatesIT {
    @TempDir
    Path dir;

    private Map<String, String> sparkHomeRecordingTo(Path arguments) throws Exception {
        Path submit = Files.createDirectories(dir.resolve("spark/bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + arguments + "'\n");
        assertTrue(submit.toFile().setExecutable(true));
        return Map.of(
                "SPARK_HOME",
                dir.resolve("spark").toString(),
                "HADOOP_CONF_DIR",
                dir.toString(),
                "MLP_K8S_MASTER",
                "k8s://https://127.0.0.1:6443",
                "MLP_IMAGE",
                "spark:4.2.0-java17",
                "MLP_UPLOAD_PATH",
                "hdfs://127.0.0.1:9000/uploads",
                "MLP_EXECUTORS",
                "3");
    }

    private List<String> submitted(String script, String... args) throws Exception {
        Path arguments = dir.resolve("arguments");
        Script.Result run = Script.run(sparkHomeRecordingTo(arguments), script, args);
        assertEquals(0, run.exitCode(), run.describe());
        return Files.readAllLines(arguments);
    }

    private static void assertJobSettings(List<String> arguments) throws Exception {
        String jvmOptions = Files.readString(Script.ROOT.resolve("spark-job/target/launcher/jvm-options"))
                .strip();
        assertTrue(arguments.contains("spark.driver.extraJavaOptions=" + jvmOptions), arguments.toString());
        assertTrue(arguments.contains("spark.executor.extraJavaOptions=" + jvmOptions), arguments.toString());
        assertTrue(
                arguments.contains(
                        Script.ROOT.resolve("conf/spark-defaults.conf").toString()),
                arguments.toString());
        assertTrue(arguments.contains("org.sparkmlp.job.cli.MlpCommand"), arguments.toString());
    }

    /** Everything after the application jar: the mlp command as the driver will get it. */
    private static List<String> jobArguments(List<String> arguments) {
        int jar = arguments.indexOf(arguments.stream()
                .filter(a -> a.endsWith("-app.jar"))
                .findFirst()
                .orElseThrow());
        assertTrue(Files.isRegularFile(Path.of(arguments.get(jar))), arguments.get(jar));
        return arguments.subList(jar + 1, arguments.size());
    }

    @Test
    void yarnClientModePassesTheCommandAsItIs() throws Exception {
        List<String> arguments = submitted(
                "deploy/submit/yarn-client.sh",
                "train",
                "--conf",
                "conf/fashion-reference.conf",
                "--model",
                "hdfs:///models/m");
        assertEquals(List.of("--master", "yarn", "--deploy-mode", "client"), arguments.subList(0, 4));
        assertJobSettings(arguments);
        assertEquals(
                List.of("train", "--conf", "conf/fashion-reference.conf", "--model", "hdfs:///models/m"),
                jobArguments(arguments));
    }

    @Test
    void yarnClusterModeShipsTheJobFileToTheDriver() throws Exception {
        List<String> arguments = submitted(
                "deploy/submit/yarn-cluster.sh", "train", "--conf", "conf/fashion-reference.conf", "--epochs", "2");
        assertEquals(List.of("--master", "yarn", "--deploy-mode", "cluster"), arguments.subList(0, 4));
        assertJobSettings(arguments);
        int files = arguments.indexOf("--files");
        assertEquals("conf/fashion-reference.conf", arguments.get(files + 1));
        assertEquals(List.of("train", "--conf", "fashion-reference.conf", "--epochs", "2"), jobArguments(arguments));
    }

    @Test
    void kubernetesUploadsTheJarAndJobFile() throws Exception {
        List<String> arguments = submitted("deploy/submit/kubernetes.sh", "train", "--conf=conf/classic-network.conf");
        assertEquals(
                List.of("--master", "k8s://https://127.0.0.1:6443", "--deploy-mode", "cluster"),
                arguments.subList(0, 4));
        assertJobSettings(arguments);
        assertTrue(arguments.contains("spark.kubernetes.container.image=spark:4.2.0-java17"), arguments.toString());
        assertTrue(arguments.contains("spark.kubernetes.file.upload.path=hdfs://127.0.0.1:9000/uploads"));
        assertTrue(arguments.contains("spark.executor.instances=3"), arguments.toString());
        assertEquals("conf/classic-network.conf", arguments.get(arguments.indexOf("--files") + 1));
        assertEquals(List.of("train", "--conf=classic-network.conf"), jobArguments(arguments));
    }

    @Test
    void templatesRefuseToRunWithoutTheirCluster() throws Exception {
        Script.Result run =
                Script.run(Map.of("HADOOP_CONF_DIR", dir.toString()), "deploy/submit/yarn-cluster.sh", "train");
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.err().contains("set SPARK_HOME"), run.describe());
        Script.Result usage =
                Script.run(Map.of(), "deploy/submit/standalone.sh", "sideways", "spark://x:7077", "train");
        assertEquals(2, usage.exitCode(), usage.describe());
    }

    @Test
    void everyDeployScriptIsValidBash() throws Exception {
        try (Stream<Path> files = Files.walk(Script.ROOT.resolve("deploy"))) {
            List<Path> scripts = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().contains(".")
                            || f.toString().endsWith(".sh"))
                    .toList();
            assertTrue(scripts.size() >= 10, scripts.toString());
            for (Path script : scripts) {
                Process check = new ProcessBuilder("bash", "-n", script.toString())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(check.getInputStream().readAllBytes());
                assertEquals(0, check.waitFor(), script + ": " + out);
            }
        }
    }
}
