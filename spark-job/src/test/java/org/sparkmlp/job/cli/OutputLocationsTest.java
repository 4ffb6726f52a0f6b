package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.cli.OutputLocations.UnwritableOutputException;
import org.sparkmlp.job.hdfs.MiniHdfs;

/**
 * Output locations are checked before any training or prediction work, on the local filesystem and on HDFS, and
 * the check leaves nothing behind. The paths that cannot be written are ones the filesystem refuses even to root
 * (a parent that is a regular file, /proc), since the tests may run as root.
 */
class OutputLocationsTest {
    private static final Configuration CONF = new Configuration();
    private static MiniHdfs hdfs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = MiniHdfs.start("OutputLocationsTest");
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.close();
        }
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
    }

    @Test
    void writableLocationsPassAndTheCheckLeavesNothingBehind() throws IOException {
        new OutputLocations(CONF)
                .beside("--model", dir.resolve("a/b/model").toString())
                .into("--checkpoint-dir", dir.resolve("c/d").toString())
                .into("--model-root", dir.toString())
                .beside("--out", null);
        assertEquals(List.of(), list(dir));

        FileSystem fs = hdfs.fs();
        fs.mkdirs(new org.apache.hadoop.fs.Path("/models/kept"));
        new OutputLocations(CONF)
                .beside("--model", hdfs.uri("/models/new/model"))
                .into("--model-root", hdfs.uri("/models/kept"));
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/models/new")));
        assertEquals(0, fs.listStatus(new org.apache.hadoop.fs.Path("/models/kept")).length);
    }

    @Test
    void aPathUnderARegularFileIsRefusedNamingTheOption() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "not a directory");
        String model = file.resolve("model").toString();
        UnwritableOutputException local =
                assertThrows(UnwritableOutputException.class, () -> new OutputLocations(CONF).beside("--model", model));
        assertTrue(local.getMessage().startsWith("--model " + model + ": cannot be written ("), local.getMessage());

        FileSystem fs = hdfs.fs();
        fs.create(new org.apache.hadoop.fs.Path("/file")).close();
        String checkpoints = hdfs.uri("/file/checkpoints");
        UnwritableOutputException remote = assertThrows(
                UnwritableOutputException.class, () -> new OutputLocations(CONF).into("--checkpoint-dir", checkpoints));
        assertTrue(
                remote.getMessage().startsWith("--checkpoint-dir " + checkpoints + ": cannot be written ("),
                remote.getMessage());
        assertFalse(remote.getMessage().contains("\n"), remote.getMessage());
    }

    @Test
    void aFilesystemThatCannotBeReachedIsAnIoFailure() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.setInt("ipc.client.connect.max.retries", 0);
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
        String root = "hdfs://127.0.0.1:" + closed + "/models";
        IOException e = assertThrows(IOException.class, () -> new OutputLocations(conf).into("--model-root", root));
        assertFalse(e instanceof UnwritableOutputException, e.toString());
        assertTrue(e.getMessage().startsWith("--model-root " + root + ": cannot reach its filesystem"), e.getMessage());
    }

    @Test
    void everyCommandChecksItsOutputsBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "not a directory");
        String train = MlpCommandTest.TRAIN;
        String model = dir.resolve("model").toString();
        List<String> job =
                List.of("train", "--master", "local[2]", "--train", train, "--layers", "784-10", "--epochs", "1");

        assertRefusedBeforeWork(concat(job, "--model", file.resolve("model").toString()), "--model");
        assertRefusedBeforeWork(concat(job, "--model", "/proc/model"), "--model");
        assertRefusedBeforeWork(
                concat(
                        job,
                        "--model",
                        model,
                        "--checkpoint-dir",
                        file.resolve("c").toString()),
                "--checkpoint-dir");
        // the data of a scheduled run is not even looked at: it does not exist
        assertRefusedBeforeWork(
                List.of(
                        "train",
                        "--master",
                        "local[2]",
                        "--train",
                        dir + "/dt={date}/train.csv",
                        "--layers",
                        "784-10",
                        "--model-root",
                        file.resolve("root").toString(),
                        "--date",
                        "2026-11-28"),
                "--model-root");
        assertFalse(Files.exists(dir.resolve("model")));

        assertEquals(
                0,
                InProcessMlp.run(concat(job, "--model", model).toArray(String[]::new))
                        .exitCode());
        assertRefusedBeforeWork(
                List.of(
                        "predict",
                        "--master",
                        "local[2]",
                        "--model",
                        model,
                        "--data",
                        train,
                        "--out",
                        file.resolve("predictions").toString()),
                "--out");
        assertRefusedBeforeWork(
                List.of(
                        "evaluate",
                        "--master",
                        "local[2]",
                        "--model",
                        model,
                        "--data",
                        train,
                        "--plot",
                        file.resolve("matrix.png").toString()),
                "--plot");
    }

    private static void assertRefusedBeforeWork(List<String> args, String option) {
        InProcessMlp.Result result = InProcessMlp.run(args.toArray(String[]::new));
        assertEquals(MlpCommand.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("mlp: " + option + " "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        // nothing was read or trained: the first line a command prints comes after its data is loaded
        assertEquals("", result.out(), result.out());
    }

    private static List<String> concat(List<String> first, String... more) {
        return Stream.concat(first.stream(), Stream.of(more)).toList();
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
