package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.job.hdfs.MiniHdfs;

/**
 * The model root's lock on the local filesystem and on HDFS (MiniDFSCluster): exclusive, bounded waiting, and
 * taken over from a run whose lease expired or whose process is gone. Overlapping real processes are in
 * {@code ScheduledRunLockIT}.
 */
class ModelRootLockTest {
    private static final Duration NO_WAIT = Duration.ZERO;
    private static MiniHdfs hdfs;

    @TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = MiniHdfs.start("ModelRootLockTest");
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    static Stream<String> filesystems() {
        return Stream.of("local", "hdfs");
    }

    /** A fresh model root on the named filesystem. */
    private static ModelRoot root(String filesystem, String name) throws IOException {
        String path = filesystem.equals("local") ? dir.resolve(name).toUri().toString() : hdfs.uri("/" + name);
        return ModelRoot.open(path, new Configuration());
    }

    private static FileSystem fs(ModelRoot root) throws IOException {
        return root.path().getFileSystem(new Configuration());
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void oneHolderAtATimeNamedToTheOthers(String filesystem) throws IOException {
        ModelRoot root = root(filesystem, "exclusive");
        try (ModelRootLock lock = root.lock(NO_WAIT, holder -> {})) {
            String host = InetAddress.getLocalHost().getHostName();
            assertEquals(ProcessHandle.current().pid(), lock.holder().pid());
            String content = new String(
                    fs(root).open(new Path(root.path(), ModelRootLock.NAME)).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    content.contains("\"host\":\"" + host + "\"")
                            && content.contains(
                                    "\"pid\":" + ProcessHandle.current().pid())
                            && content.contains("\"processStart\":"),
                    content);

            ModelRootLock.LockedException locked =
                    assertThrows(ModelRootLock.LockedException.class, () -> root.lock(NO_WAIT, holder -> {}));
            assertTrue(
                    locked.getMessage()
                            .startsWith("the model root " + root.path() + " is locked by the run of pid "
                                    + ProcessHandle.current().pid() + " on " + host + " (running since "),
                    locked.getMessage());
            lock.checkHeld();
        }
        assertFalse(fs(root).exists(new Path(root.path(), ModelRootLock.NAME)));
        root.lock(NO_WAIT, holder -> {}).close();
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void aWaitingRunGetsTheLockWhenItIsReleased(String filesystem) throws Exception {
        ModelRoot root = root(filesystem, "waiting");
        ModelRootLock first = root.lock(NO_WAIT, holder -> {});
        List<ModelRootLock.Holder> heard = new CopyOnWriteArrayList<>();
        CompletableFuture<ModelRootLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return root.lock(Duration.ofMinutes(2), heard::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        while (heard.isEmpty()) {
            Thread.sleep(50);
        }
        assertFalse(second.isDone());
        first.close();
        try (ModelRootLock lock = second.get(1, TimeUnit.MINUTES)) {
            assertEquals(List.of(first.holder()), heard);
            lock.checkHeld();
            assertThrows(IOException.class, first::checkHeld);
        }
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void theWaitIsBounded(String filesystem) throws IOException {
        ModelRoot root = root(filesystem, "bounded");
        try (ModelRootLock lock = root.lock(NO_WAIT, holder -> {})) {
            ModelRootLock.LockedException locked = assertThrows(
                    ModelRootLock.LockedException.class, () -> root.lock(Duration.ofSeconds(1), holder -> {}));
            assertTrue(locked.getMessage().endsWith("; waited 1 s (--lock-wait)"), locked.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void aLockWhoseLeaseExpiredIsTakenOver(String filesystem) throws IOException {
        ModelRoot root = root(filesystem, "expired");
        Path file = new Path(root.path(), ModelRootLock.NAME);
        writeForeignLock(fs(root), file);
        // renewed just now by a run on another host: valid
        assertThrows(ModelRootLock.LockedException.class, () -> root.lock(NO_WAIT, holder -> {}));

        fs(root).setTimes(
                        file,
                        Instant.now().minus(ModelRootLock.LEASE).minusSeconds(5).toEpochMilli(),
                        -1);
        try (ModelRootLock lock = root.lock(NO_WAIT, holder -> {})) {
            lock.checkHeld();
        }
        assertEquals(List.of(), leftovers(root));
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void aLockOfAProcessOfThisHostThatIsGoneIsTakenOverAtOnce(String filesystem) throws Exception {
        ModelRoot root = root(filesystem, "gone");
        Process exited = new ProcessBuilder("true").start();
        assertEquals(0, exited.waitFor());
        Instant started = exited.info().startInstant().orElse(Instant.EPOCH);
        Path file = new Path(root.path(), ModelRootLock.NAME);
        try (OutputStream out = fs(root).create(file, false)) {
            out.write(("{\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + exited.pid()
                            + ",\"processStart\":\"" + started + "\",\"acquired\":\"" + Instant.now()
                            + "\",\"token\":\"killed-run\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (ModelRootLock lock = root.lock(NO_WAIT, holder -> {})) {
            lock.checkHeld();
        }
    }

    private static void writeForeignLock(FileSystem fs, Path file) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(("{\"host\":\"elsewhere.invalid\",\"pid\":4242,\"processStart\":\"" + Instant.EPOCH
                            + "\",\"acquired\":\"" + Instant.now() + "\",\"token\":\"other-host\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Lock files moved aside by a take-over that were not deleted. */
    private static List<String> leftovers(ModelRoot root) throws IOException {
        return Stream.of(fs(root).listStatus(root.path()))
                .map(status -> status.getPath().getName())
                .filter(name -> name.startsWith(ModelRootLock.NAME))
                .toList();
    }
}
