package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparkmlp.job.hdfs.MiniHdfs;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.model.ModelRoot;
import org.sparkmlp.job.report.TrainingCharts;

/**
 * Scheduled training ({@code mlp train --model-root ROOT --date DATE}) over dated datasets on HDFS (a MiniDFSCluster
 * in this JVM), through the command line in local[2]: consecutive dates warm-start, retention, idempotent reruns,
 * bad input, and a run killed while it writes its version.
 */
@Tag("scheduled")
@Tag("hdfs")
class ScheduledTrainingIT {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
    private static final String[] DATES = {"2026-11-26", "2026-11-27", "2026-11-28"};

    private static MiniHdfs hdfs;
    private static FileSystem fs;

    /** The sample's 2,000 test images as the dataset of every date, and a date whose images file is damaged. */
    @BeforeAll
    static void storeDatedDataOnHdfs() throws IOException {
        hdfs = MiniHdfs.start("ScheduledTrainingIT");
        fs = hdfs.fs();
        for (String date : DATES) {
            for (String file : new String[] {IMAGES, LABELS}) {
                try (OutputStream out = fs.create(hdfsPath("/data/fashion/dt=" + date + "/" + file))) {
                    Files.copy(SAMPLE.resolve(file), out);
                }
            }
        }
        try (OutputStream out = fs.create(hdfsPath("/data/fashion/dt=2026-11-29/" + IMAGES))) {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}); // a gzip header, then garbage
        }
        try (OutputStream out = fs.create(hdfsPath("/data/fashion/dt=2026-11-29/" + LABELS))) {
            Files.copy(SAMPLE.resolve(LABELS), out);
        }
    }

    @AfterAll
    static void stop() {
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
        hdfs.close();
    }

    private static org.apache.hadoop.fs.Path hdfsPath(String path) {
        return new org.apache.hadoop.fs.Path(path);
    }

    private static String template() {
        return hdfs.uri("/data/fashion/dt={date}/" + IMAGES);
    }

    private static InProcessMlp.Result scheduled(String root, String date, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                "2",
                "--train",
                template(),
                "--layers",
                "784-16-10",
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
                "--model-root",
                hdfs.uri(root),
                "--date",
                date));
        args.addAll(List.of(more));
        return InProcessMlp.run(args.toArray(String[]::new));
    }

    @Test
    void consecutiveDatesWarmStartAndRetentionDeletesOnlyOldVersions() throws IOException {
        String root = "/models/consecutive";
        // not versions: never touched
        fs.create(hdfsPath(root + "/README")).close();
        fs.mkdirs(hdfsPath(root + "/archive/2026-01-01T00-00-00Z"));
        // leftovers of a run of an older date that died: deleted by a later date's run
        fs.mkdirs(hdfsPath(root + "/2026-11-20T00-00-00Z"));
        fs.mkdirs(hdfsPath(root + "/.2026-11-20T00-00-00Z.tmp-" + UUID.randomUUID()));

        InProcessMlp.Result first = scheduled(root, DATES[0], "--warm-start", "--keep", "2");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("no successful version before 2026-11-26T00-00-00Z"), first.out());
        assertEquals(
                List.of(
                        ModelRoot.SUCCESS,
                        TrainingCharts.LEARNING_CURVE,
                        ModelDirectory.METRICS_FILE,
                        ModelDirectory.MODEL_FILE),
                names(root + "/2026-11-26T00-00-00Z"));

        InProcessMlp.Result second = scheduled(root, DATES[1], "--warm-start", "--keep", "2");
        assertEquals(0, second.exitCode(), second.err());
        String v1 = hdfs.uri(root + "/2026-11-26T00-00-00Z");
        assertTrue(second.out().contains("warm start from " + v1), second.out());
        Configuration conf = fs.getConf();
        MlpModel warm = ModelDirectory.read(hdfs.uri(root + "/2026-11-27T00-00-00Z"), conf);
        assertEquals(v1, warm.metadata().get("initialModel"));

        // the warm start is exactly training from the first version's weights, and not a fresh start
        InProcessMlp.Result fromV1 = InProcessMlp.run(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                "2",
                "--train",
                template().replace("{date}", DATES[1]),
                "--layers",
                "784-16-10",
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
                "--init-model",
                v1,
                "--model",
                hdfs.uri("/models/from-v1"));
        assertEquals(0, fromV1.exitCode(), fromV1.err());
        assertArrayEquals(ModelDirectory.read(hdfs.uri("/models/from-v1"), conf).parameters(), warm.parameters());
        MlpModel cold = ModelDirectory.read(v1, conf); // the first date: same data, no warm start
        assertFalse(Arrays.equals(cold.parameters(), warm.parameters()));

        InProcessMlp.Result third = scheduled(root, DATES[2], "--warm-start", "--keep", "2");
        assertEquals(0, third.exitCode(), third.err());
        assertTrue(third.out().contains("warm start from " + hdfs.uri(root + "/2026-11-27T00-00-00Z")), third.out());
        assertTrue(third.out().contains("retention: deleted " + v1), third.out());
        assertEquals(
                List.of("2026-11-27T00-00-00Z", "2026-11-28T00-00-00Z", "README", "archive"),
                names(root),
                "the oldest version and the old leftovers are gone; what is not a version stays");
        assertEquals(List.of("2026-01-01T00-00-00Z"), names(root + "/archive"));

        // a rerun of a date that succeeded changes nothing
        String v3 = root + "/2026-11-28T00-00-00Z";
        Map<String, String> before = snapshot(v3);
        InProcessMlp.Result rerun = scheduled(root, DATES[2], "--warm-start", "--keep", "2");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.out().contains("version 2026-11-28T00-00-00Z already succeeded"), rerun.out());
        assertFalse(rerun.out().contains("epoch 1"), rerun.out());
        assertEquals(before, snapshot(v3));

        // --force trains it again, from the same previous version: the same weights
        double[] trained = ModelDirectory.read(hdfs.uri(v3), conf).parameters();
        InProcessMlp.Result forced = scheduled(root, DATES[2], "--warm-start", "--keep", "2", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.out().contains("epoch 1"), forced.out());
        assertArrayEquals(trained, ModelDirectory.read(hdfs.uri(v3), conf).parameters());
        assertTrue(fs.exists(hdfsPath(v3 + "/" + ModelRoot.SUCCESS)));
        assertEquals(List.of("2026-11-27T00-00-00Z", "2026-11-28T00-00-00Z", "README", "archive"), names(root));
    }

    @Test
    void aBadInputDateExitsWithTheBadInputCodeAndLeavesNoVersion() throws IOException {
        String root = "/models/bad-input";
        assertEquals(0, scheduled(root, DATES[0], "--warm-start").exitCode());
        Map<String, String> first = snapshot(root + "/2026-11-26T00-00-00Z");

        InProcessMlp.Result damaged = scheduled(root, "2026-11-29", "--warm-start");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, damaged.exitCode(), damaged.out());
        assertTrue(damaged.err().contains("dt=2026-11-29/" + IMAGES), damaged.err());
        InProcessMlp.Result missing = scheduled(root, "2026-11-30", "--warm-start");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, missing.exitCode(), missing.out());
        assertTrue(missing.err().contains("dt=2026-11-30/" + IMAGES + ": no such file"), missing.err());

        // a warm start from a model of another network
        InProcessMlp.Result otherNetwork = scheduled(root, DATES[1], "--layers", "784-32-10", "--warm-start");
        assertEquals(MlpCommand.EXIT_BAD_INPUT, otherNetwork.exitCode(), otherNetwork.out());
        assertTrue(
                otherNetwork
                        .err()
                        .contains("the initial model " + hdfs.uri(root + "/2026-11-26T00-00-00Z")
                                + " is a 784-16-10 relu,softmax cross-entropy network; this run trains 784-32-10"),
                otherNetwork.err());

        assertEquals(List.of("2026-11-26T00-00-00Z"), names(root), "no version, no staging directory");
        assertEquals(first, snapshot(root + "/2026-11-26T00-00-00Z"));
    }

    @Test
    void aVersionThatRetentionCannotDeleteCostsSpaceNotTheRun() throws IOException {
        String root = "/models/undeletable";
        // an old version HDFS refuses to delete: it has a snapshot
        org.apache.hadoop.fs.Path old = hdfsPath(root + "/2026-11-20T00-00-00Z");
        fs.mkdirs(old);
        fs.create(new org.apache.hadoop.fs.Path(old, ModelRoot.SUCCESS)).close();
        ((DistributedFileSystem) fs).allowSnapshot(old);
        fs.createSnapshot(old, "keep");

        InProcessMlp.Result run = scheduled(root, DATES[0], "--keep", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("retention: deleted"), run.out());
        assertTrue(fs.exists(hdfsPath(root + "/2026-11-26T00-00-00Z/" + ModelRoot.SUCCESS)));
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(old, ModelRoot.SUCCESS)), "no longer a version");
        assertEquals(List.of("2026-11-20T00-00-00Z", "2026-11-26T00-00-00Z"), names(root), "the rest is left");

        InProcessMlp.Result next = scheduled(root, DATES[1], "--keep", "1");
        assertEquals(0, next.exitCode(), next.err());
        assertTrue(next.out().contains("retention: deleted " + hdfs.uri(root + "/2026-11-26T00-00-00Z")), next.out());
        assertEquals(List.of("2026-11-20T00-00-00Z", "2026-11-27T00-00-00Z"), names(root));
    }

    @Test
    void aScheduledJobFileRunsWithItsPathsGivenOnTheCommandLine() throws IOException {
        // a scheduler's time with its offset; the data is the drop of that day; checkpoints per date
        InProcessMlp.Result run = InProcessMlp.run(
                "train",
                "--conf",
                "../conf/fashion-scheduled.conf",
                "--master",
                "local[2]",
                "--train",
                template(),
                "--test",
                template(),
                "--model-root",
                hdfs.uri("/models/job-file"),
                "--date",
                "2026-11-28T03:00:00+01:00",
                "--max-iterations",
                "3",
                "--checkpoint-dir",
                hdfs.uri("/checkpoints/{date}"),
                "--resume");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("network 784-256-128-10 relu,relu,softmax cross-entropy"), run.out());
        assertTrue(run.out().contains("dt=2026-11-28/" + IMAGES), run.out());
        assertTrue(fs.exists(hdfsPath("/models/job-file/2026-11-28T02-00-00Z/" + ModelRoot.SUCCESS)));
        assertEquals(List.of("checkpoint-000000000003.ckpt"), names("/checkpoints/2026-11-28"));
    }

    /**
     * A run of {@code deploy/mlp} killed with SIGKILL while it writes its version: held by
     * {@link ModelDirectory#HOLD_BEFORE_MOVE} once the staging directory is written, before it is moved into place,
     * and killed there. No {@value ModelRoot#SUCCESS} for that version, the previous version byte for byte as it
     * was, and the next run succeeds and clears what the killed one left.
     */
    @Test
    void aRunKilledWhileWritingItsVersionLeavesThePreviousOneAndTheNextRunSucceeds() throws Exception {
        String root = "/models/killed";
        Path jobFile =
                Files.createDirectories(Path.of("target", "scheduled-kill")).resolve("job.conf");
        Files.writeString(
                jobFile,
                "train = " + template() + "\nlayers = 784-32-10\nactivation = relu\n"
                        + "batch = 10\nmax-iterations = 1\npartitions = 2\nmodel-root = " + hdfs.uri(root)
                        + "\nwarm-start = true\nkeep = 3\n");
        String v1 = root + "/2026-11-26T00-00-00Z";
        Deployed first = Deployed.start(jobFile, DATES[0]);
        assertEquals(0, first.process().waitFor(), first.log());
        Map<String, String> previous = snapshot(v1);

        String staging = ".2026-11-27T00-00-00Z.tmp-";
        Path held = jobFile.resolveSibling("held");
        Files.deleteIfExists(held);
        Deployed killed =
                Deployed.start(jobFile, DATES[1], "-D" + ModelDirectory.HOLD_BEFORE_MOVE + "=" + held.toAbsolutePath());
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!Files.exists(held) && killed.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        boolean caught = Files.exists(held);
        if (caught) {
            killed.process().destroyForcibly(); // deploy/mlp execs java: this is SIGKILL to the job itself
        }
        assertTrue(caught, "the run never reached the moment before its version is moved into place:\n" + killed.log());
        assertEquals(137, killed.process().waitFor(), "killed by SIGKILL");
        List<String> left = names(root);
        assertTrue(left.stream().anyMatch(n -> n.startsWith(staging)), "killed while writing the model: " + left);
        assertFalse(left.contains("2026-11-27T00-00-00Z"), "the version was never moved into place: " + left);
        assertEquals(previous, snapshot(v1), "the previous version is untouched");

        Deployed next = Deployed.start(jobFile, DATES[1]);
        assertEquals(0, next.process().waitFor(), next.log());
        assertTrue(next.log().contains("warm start from " + hdfs.uri(v1)), next.log());
        assertEquals(List.of("2026-11-26T00-00-00Z", "2026-11-27T00-00-00Z"), names(root), "no staging left");
        assertEquals(
                List.of(
                        ModelRoot.SUCCESS,
                        TrainingCharts.LEARNING_CURVE,
                        ModelDirectory.METRICS_FILE,
                        ModelDirectory.MODEL_FILE),
                names(root + "/2026-11-27T00-00-00Z"));
        assertEquals(previous, snapshot(v1));
    }

    /** {@code deploy/mlp train --conf JOB --date DATE} in local mode, its output in a file. */
    private record Deployed(Process process, Path output) {
        static Deployed start(Path jobFile, String date) throws IOException {
            return start(jobFile, date, "");
        }

        /** @param javaOptions extra driver JVM options ({@code MLP_JAVA_OPTS}) */
        static Deployed start(Path jobFile, String date, String javaOptions) throws IOException {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path output = Files.createTempFile(jobFile.getParent(), "mlp-" + date, ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            root.resolve("deploy/mlp").toString(),
                            "train",
                            "--conf",
                            jobFile.toAbsolutePath().toString(),
                            "--date",
                            date,
                            "--master",
                            "local[2]")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("SPARK_HOME");
            if (!javaOptions.isEmpty()) {
                builder.environment().merge("MLP_JAVA_OPTS", javaOptions, (given, extra) -> given + " " + extra);
            }
            Process process = builder.start();
            process.getOutputStream().close();
            return new Deployed(process, output);
        }

        String log() throws IOException {
            return Files.readString(output);
        }
    }

    /** The names in a directory on HDFS, sorted. */
    private static List<String> names(String dir) throws IOException {
        return Arrays.stream(fs.listStatus(hdfsPath(dir)))
                .map(s -> s.getPath().getName())
                .sorted()
                .toList();
    }

    /** Every file of a directory: its content's SHA-256 and its modification time. */
    static Map<String, String> snapshot(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (FileStatus status : fs.listStatus(dir)) {
            try (InputStream in = fs.open(status.getPath())) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                files.put(
                        status.getPath().getName(),
                        HexFormat.of().formatHex(digest) + " " + status.getModificationTime());
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return files;
    }

    private static Map<String, String> snapshot(String dir) throws IOException {
        return snapshot(fs, hdfsPath(dir));
    }
}
