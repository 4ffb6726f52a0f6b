package org.sparkmlp.job.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The lock that makes one {@link ModelRoot} safe for overlapping runs: the file {@value #NAME} in the root, created
 * atomically (HDFS: a create that fails if the file exists; the local filesystem: {@code O_CREAT|O_EXCL}), holding
 * the holder's host, process id and start time. Its modification time is its lease: the holder renews it every
 * {@link #RENEW_EVERY} while it runs, and a run that finds the lease older than {@link #LEASE}, or finds the
 * holder's process gone from this host, takes the lock over. A taker first moves the stale lock aside with an
 * atomic rename, so that of two takers only one succeeds.
 *
 * <p>A holder releases the lock when its run ends, and at the latest when its JVM exits; a run that was killed
 * leaves a lock that the next run takes over at once on the same host, or once its lease expired elsewhere.
 */
public final class ModelRootLock implements AutoCloseable {
    /** The lock file's name in the root: a name {@link ModelRoot} never treats as a version. */
    public static final String NAME = "_LOCK";
    /** How long a lock stays valid without being renewed. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    /** How often a holder renews its lease. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(ModelRootLock.class.getName());

    private final FileSystem fs;
    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService renewal;
    private final Runnable releaseAtExit = this::releaseQuietly;
    private volatile boolean released;

    /** Who holds a lock: what a waiting run reports. */
    public record Holder(String host, long pid, Instant processStart, Instant acquired, String token) {
        static Holder ofThisProcess() throws IOException {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(
                    InetAddress.getLocalHost().getHostName(),
                    self.pid(),
                    self.info().startInstant().orElse(Instant.EPOCH),
                    Instant.now(),
                    UUID.randomUUID().toString());
        }

        /** Whether this holder is a process of this host that no longer runs (or whose pid was reused). */
        boolean goneFromThisHost() throws IOException {
            if (!host.equals(InetAddress.getLocalHost().getHostName())) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            // a pid the system gave to another process since: its start time differs (by more than rounding)
            return process.isEmpty()
                    || !process.get().isAlive()
                    || process.get()
                            .info()
                            .startInstant()
                            .map(start ->
                                    Duration.between(start, processStart).abs().toMillis() > 1000)
                            .orElse(false);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on " + host + " (running since " + acquired + ")";
        }
    }

    /** The lock is held by another run, and the wait allowed for it is over. */
    public static final class LockedException extends IOException {
        private static final long serialVersionUID = 1L;

        LockedException(String message) {
            super(message);
        }
    }

    private ModelRootLock(FileSystem fs, Path file, Holder holder) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-root-lock-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long period = RENEW_EVERY.toMillis();
        renewal.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        // before Hadoop's own hook closes the filesystems
        ShutdownHookManager.get().addShutdownHook(releaseAtExit, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
    }

    /**
     * Takes the lock of {@code root}, waiting at most {@code wait} for another run to release it (zero: not at
     * all); {@code waiting} hears once about a holder this run waits for.
     *
     * @throws LockedException if another run still holds it after {@code wait}; its message names the holder
     */
    static ModelRootLock acquire(FileSystem fs, Path root, Duration wait, Consumer<Holder> waiting) throws IOException {
        Path file = new Path(root, NAME);
        Holder self = Holder.ofThisProcess();
        long deadline = System.nanoTime() + wait.toNanos();
        Holder reported = null;
        while (true) {
            if (tryCreate(fs, file, self)) {
                return new ModelRootLock(fs, file, self);
            }
            Optional<Stored> current = read(fs, file);
            if (current.isEmpty()) {
                continue; // released meanwhile
            }
            Holder other = current.get().holder();
            String stale = staleness(current.get());
            if (stale != null) {
                takeOver(fs, file, current.get(), stale);
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new LockedException("the model root " + root + " is locked by the run of " + other + "; waited "
                        + wait.toSeconds() + " s (--lock-wait)");
            }
            if (reported == null || !reported.token().equals(other.token())) {
                waiting.accept(other);
                reported = other;
            }
            sleep(Math.min(POLL.toNanos(), Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** The holder of this lock: this process. */
    public Holder holder() {
        return holder;
    }

    /**
     * Checks that this run still holds the lock (a run paused past its lease may have lost it to another).
     *
     * @throws IOException if it does not
     */
    public void checkHeld() throws IOException {
        Optional<Stored> current = read(fs, file);
        if (released || current.isEmpty() || !current.get().holder().token().equals(holder.token())) {
            throw new IOException("this run lost its lock on " + file.getParent()
                    + current.map(stored -> " to the run of " + stored.holder()).orElse("") + "; its lease expired");
        }
    }

    /** Releases the lock if this run still holds it. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        renewal.shutdownNow();
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(releaseAtExit);
        }
        Optional<Stored> current = read(fs, file);
        if (current.isPresent() && current.get().holder().token().equals(holder.token())) {
            fs.delete(file, false);
        }
    }

    private void releaseQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "could not release " + file + " (" + e.getMessage() + "); the next run takes it over");
        }
    }

    /** Renews the lease: the lock file's modification time. */
    private void renew() {
        try {
            Optional<Stored> current = read(fs, file);
            if (current.isPresent() && current.get().holder().token().equals(holder.token())) {
                fs.setTimes(file, System.currentTimeMillis(), -1);
            }
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "could not renew the lease of " + file + " (" + e.getMessage() + "); trying again in "
                            + RENEW_EVERY.toSeconds() + " s");
        }
    }

    /** Creates the lock file if it does not exist, atomically; false if it does. */
    private static boolean tryCreate(FileSystem fs, Path file, Holder holder) throws IOException {
        byte[] content = JSON.writeValueAsBytes(toJson(holder));
        if (fs instanceof LocalFileSystem local) {
            // Hadoop's local create checks, then opens: not atomic against another process
            java.nio.file.Path path = local.pathToFile(file).toPath();
            Files.createDirectories(path.getParent());
            try (OutputStream out =
                    Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
            return true;
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (RemoteException e) {
            // HDFS: another client is creating it this very moment
            if (e.getClassName().endsWith(".AlreadyBeingCreatedException")
                    || e.getClassName().equals(FileAlreadyExistsException.class.getName())) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /** Why the stored lock may be taken over, or null while it is valid. */
    private static String staleness(Stored stored) throws IOException {
        Duration age = Duration.between(stored.renewed(), Instant.now());
        if (age.compareTo(LEASE) > 0) {
            return "its lease expired " + age.minus(LEASE).toSeconds() + " s ago";
        }
        if (stored.holder().goneFromThisHost()) {
            return "its process is gone";
        }
        return null;
    }

    /** Moves a stale lock aside (an atomic rename: of several takers, one wins) and deletes it. */
    private static void takeOver(FileSystem fs, Path file, Stored stale, String why) throws IOException {
        Path aside = new Path(file.getParent(), NAME + ".stale-" + UUID.randomUUID());
        if (!fs.rename(file, aside)) {
            return; // another run moved it first
        }
        Optional<Stored> moved = read(fs, aside);
        if (moved.isPresent()
                && !moved.get().holder().token().equals(stale.holder().token())) {
            // between reading it and moving it, another run took the lock over: give it back
            fs.rename(aside, file);
            return;
        }
        fs.delete(aside, false);
        LOG.log(
                System.Logger.Level.WARNING,
                "took over the lock of " + file.getParent() + " from the run of " + stale.holder() + ": " + why);
    }

    /** A lock file's holder and the time of its last renewal. */
    private record Stored(Holder holder, Instant renewed) {}

    private static Optional<Stored> read(FileSystem fs, Path file) throws IOException {
        try {
            FileStatus status = fs.getFileStatus(file);
            JsonNode json;
            try (InputStream in = fs.open(file)) {
                json = JSON.readTree(in);
            } catch (JsonProcessingException partial) {
                json = null;
            }
            if (json == null || !json.hasNonNull("token")) {
                // being written by its creator this very moment: valid, held by an unknown run
                return Optional.of(new Stored(
                        new Holder("?", -1, Instant.EPOCH, Instant.ofEpochMilli(status.getModificationTime()), "?"),
                        Instant.ofEpochMilli(status.getModificationTime())));
            }
            return Optional.of(new Stored(
                    new Holder(
                            json.path("host").asText(),
                            json.path("pid").asLong(),
                            Instant.parse(json.path("processStart").asText()),
                            Instant.parse(json.path("acquired").asText()),
                            json.path("token").asText()),
                    Instant.ofEpochMilli(status.getModificationTime())));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode toJson(Holder holder) {
        return JSON.createObjectNode()
                .put("host", holder.host())
                .put("pid", holder.pid())
                .put("processStart", holder.processStart().toString())
                .put("acquired", holder.acquired().toString())
                .put("token", holder.token());
    }

    private static void sleep(long nanos) throws IOException {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the lock");
        }
    }
}
