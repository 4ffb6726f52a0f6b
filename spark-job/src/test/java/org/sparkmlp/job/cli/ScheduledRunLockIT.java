package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.Script;
import org.sparkmlp.job.hdfs.MiniHdfs;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.model.ModelRoot;
import org.sparkmlp.job.model.ModelRootLock;

/**
 * Overlapping scheduled runs of {@code deploy/mlp} (real processes) on one model root, on the local filesystem and
 * on HDFS (a MiniDFSCluster in this JVM). Where a run must find the lock held, this JVM holds it (a real process
 * too), so that which run waits is certain and not a race of start-up times.
 */
@Tag("scheduled")
@Tag("hdfs")
class ScheduledRunLockIT {
    private static final Path SAMPLE = Script.ROOT.resolve("data/fashion-mnist-sample");
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    private static MiniHdfs hdfs;

    @BeforeAll
    static void datedData() throws IOException {
        hdfs = MiniHdfs.start("ScheduledRunLockIT");
        for (String date : new String[] {"2026-11-26", "2026-11-27", "2026-11-28"}) {
            Path dated = Files.createDirectories(dir.resolve("data/dt=" + date));
            for (String file : new String[] {IMAGES, LABELS}) {
                Files.copy(SAMPLE.resolve(file), dated.resolve(file));
                hdfs.fs()
                        .copyFromLocalFile(
                                new org.apache.hadoop.fs.Path(
                                        dated.resolve(file).toUri()),
                                new org.apache.hadoop.fs.Path("/data/dt=" + date + "/" + file));
            }
        }
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** Starts {@code deploy/mlp train} for one date of {@code root}: a small network, one epoch of 2,000 images. */
    private static Script start(String data, String root, String date, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                "2",
                "--train",
                data + "/dt={date}/" + IMAGES,
                "--layers",
                "784-16-10",
                "--activation",
                "relu",
                "--batch",
                "100",
                "--epochs",
                "1",
                "--model-root",
                root,
                "--date",
                date,
                "--progress",
                "lines"));
        args.addAll(List.of(more));
        return Script.start(Map.of("MLP_LOG_FILE", dir.resolve("mlp.log").toString()), "deploy/mlp", args);
    }

    private static String localData() {
        return dir.resolve("data").toString();
    }

    @Test
    void runsOfOneDateTakeTurnsTheSecondFindsItDoneAndOneThatMayNotWaitExitsSix() throws Exception {
        String root = dir.resolve("models/same-date").toString();
        ModelRoot modelRoot = ModelRoot.open(root, new Configuration());
        String host = InetAddress.getLocalHost().getHostName();
        long self = ProcessHandle.current().pid();
        Script first;
        Script second;
        try (ModelRootLock held = modelRoot.lock(Duration.ZERO, holder -> {})) {
            Script impatient = start(localData(), root, "2026-11-26");
            first = start(localData(), root, "2026-11-26", "--lock-wait", "5m");
            second = start(localData(), root, "2026-11-26", "--lock-wait", "5m");

            Script.Result locked = impatient.finish(TIMEOUT);
            assertEquals(MlpCommand.EXIT_LOCKED, locked.exitCode(), locked.describe());
            assertTrue(
                    locked.err()
                            .contains("mlp: the model root " + modelRoot.path() + " is locked by the run of pid " + self
                                    + " on " + host + " (running since "),
                    locked.describe());
            first.awaitLine(
                    line -> line.startsWith("waiting up to 5m for the lock on " + modelRoot.path()
                            + ", held by the run of pid " + self + " on " + host),
                    TIMEOUT);
            second.awaitLine(line -> line.startsWith("waiting up to 5m"), TIMEOUT);
        }
        Script.Result a = first.finish(TIMEOUT);
        Script.Result b = second.finish(TIMEOUT);
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(0, b.exitCode(), b.describe());
        // one trained the date, then the other found it done
        String trained = "training version 2026-11-26T00-00-00Z";
        String done = "version 2026-11-26T00-00-00Z already succeeded";
        assertTrue(a.out().contains(trained) != b.out().contains(trained), a.describe() + "\n" + b.describe());
        assertTrue((a.out().contains(trained) ? b : a).out().contains(done), a.describe() + "\n" + b.describe());
        assertEquals(List.of("2026-11-26T00-00-00Z"), names(Path.of(root)));
        assertTrue(modelRoot.succeeded("2026-11-26T00-00-00Z"));
    }

    @Test
    void runsOfDifferentDatesQueueOnHdfs() throws Exception {
        String root = hdfs.uri("/models/queue");
        ModelRoot modelRoot = ModelRoot.open(root, new Configuration());
        Script first;
        Script second;
        try (ModelRootLock held = modelRoot.lock(Duration.ZERO, holder -> {})) {
            first = start(hdfs.uri("/data"), root, "2026-11-27", "--lock-wait", "5m");
            second = start(hdfs.uri("/data"), root, "2026-11-28", "--lock-wait", "5m");
            first.awaitLine(line -> line.startsWith("waiting up to 5m for the lock on " + root), TIMEOUT);
            second.awaitLine(line -> line.startsWith("waiting up to 5m for the lock on " + root), TIMEOUT);
        }
        Script.Result a = first.finish(TIMEOUT);
        Script.Result b = second.finish(TIMEOUT);
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(0, b.exitCode(), b.describe());
        assertTrue(a.out().contains("training version 2026-11-27T00-00-00Z"), a.describe());
        assertTrue(b.out().contains("training version 2026-11-28T00-00-00Z"), b.describe());
        FileSystem fs = hdfs.fs();
        assertEquals(
                List.of("2026-11-27T00-00-00Z", "2026-11-28T00-00-00Z"),
                Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/models/queue")))
                        .map(status -> status.getPath().getName())
                        .sorted()
                        .toList(),
                "no lock, nothing else");
        assertTrue(modelRoot.succeeded("2026-11-27T00-00-00Z") && modelRoot.succeeded("2026-11-28T00-00-00Z"));
    }

    @Test
    void theLockOfAKilledRunIsTakenOverAtOnce() throws Exception {
        String root = dir.resolve("models/killed").toString();
        Script killed = start(localData(), root, "2026-11-27");
        killed.awaitLine(line -> line.startsWith("training version 2026-11-27T00-00-00Z"), TIMEOUT);
        killed.process().destroyForcibly(); // deploy/mlp execs java: SIGKILL to the run holding the lock
        assertEquals(137, killed.process().waitFor());
        assertTrue(Files.exists(Path.of(root, ModelRootLock.NAME)), "the killed run left its lock");

        Script.Result next = start(localData(), root, "2026-11-27").finish(TIMEOUT);
        assertEquals(0, next.exitCode(), next.describe());
        assertTrue(
                next.err()
                                .contains("took over the lock of file:" + root + " from the run of pid "
                                        + killed.process().pid())
                        && next.err().contains("its process is gone"),
                next.describe());
        assertEquals(List.of("2026-11-27T00-00-00Z"), names(Path.of(root)));
    }

    /**
     * A {@code --force} rerun killed between its two renames has moved the complete version aside and not yet
     * moved the new one in: the next run puts the old version back before anything else.
     */
    @Test
    void aForceRerunKilledBetweenItsRenamesLeavesTheOldVersion() throws Exception {
        String root = dir.resolve("models/force").toString();
        Script.Result trained = start(localData(), root, "2026-11-28").finish(TIMEOUT);
        assertEquals(0, trained.exitCode(), trained.describe());
        Path version = Path.of(root, "2026-11-28T00-00-00Z");
        byte[] model = Files.readAllBytes(version.resolve(ModelDirectory.MODEL_FILE));

        // what ModelDirectory's first rename leaves, beside the new version's staging directory
        Files.move(version, Path.of(root, ".2026-11-28T00-00-00Z.old-" + UUID.randomUUID()));
        Path staging = Files.createDirectories(Path.of(root, ".2026-11-28T00-00-00Z.tmp-" + UUID.randomUUID()));
        Files.write(staging.resolve(ModelDirectory.MODEL_FILE), Arrays.copyOf(model, model.length / 2));

        Script.Result next = start(localData(), root, "2026-11-28").finish(TIMEOUT);
        assertEquals(0, next.exitCode(), next.describe());
        assertTrue(
                next.out()
                        .contains("restored version 2026-11-28T00-00-00Z, which an interrupted --force run had "
                                + "moved aside"),
                next.describe());
        assertTrue(next.out().contains("version 2026-11-28T00-00-00Z already succeeded"), next.describe());
        assertEquals(
                Arrays.toString(model),
                Arrays.toString(Files.readAllBytes(version.resolve(ModelDirectory.MODEL_FILE))),
                "the old version, byte for byte");
        assertFalse(names(Path.of(root)).contains(ModelRootLock.NAME));
    }

    /** The visible names in a local directory (no Hadoop .crc files), sorted. */
    private static List<String> names(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
