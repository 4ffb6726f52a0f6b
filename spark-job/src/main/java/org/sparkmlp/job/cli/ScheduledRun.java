package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.model.ModelRoot;
import org.sparkmlp.job.model.ModelRootLock;

/**
 * One run of scheduled training on a {@link ModelRoot}: it takes the root's lock (waiting up to
 * {@code --lock-wait} for an overlapping run), then decides whether there is anything to do, where the version
 * goes and what it warm-starts from; after the model is in place, {@value ModelRoot#SUCCESS} and retention; then
 * it releases the lock. A run that ends otherwise releases it on {@link #close}.
 */
final class ScheduledRun implements AutoCloseable {
    private final ScheduleOptions options;
    private final ModelRoot root;
    private final String version;
    private final PrintWriter out;
    private final ModelRootLock lock;
    private ModelDirectory target;
    private String warmStartFrom;

    private ScheduledRun(ScheduleOptions options, ModelRoot root, ModelRootLock lock, PrintWriter out) {
        this.options = options;
        this.root = root;
        this.lock = lock;
        this.version = options.version();
        this.out = out;
    }

    /**
     * Opens the model root, takes its lock and decides the run; when the date's version already succeeded (and
     * there is no {@code --force}), says so, releases the lock and leaves everything as it is.
     *
     * @throws ModelRootLock.LockedException if another run still holds the lock after {@code --lock-wait}
     */
    static ScheduledRun begin(ScheduleOptions options, Duration lockWait, Configuration conf, PrintWriter out)
            throws IOException {
        ModelRoot root = ModelRoot.open(options.modelRoot, conf);
        ModelRootLock lock = root.lock(lockWait, holder -> {
            out.printf(
                    "waiting up to %s for the lock on %s, held by the run of %s%n",
                    options.lockWait, root.path(), holder);
            out.flush();
        });
        ScheduledRun run = new ScheduledRun(options, root, lock, out);
        try {
            run.decide();
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private void decide() throws IOException {
        for (String restored : root.restoreInterruptedReplacements()) {
            out.printf("restored version %s, which an interrupted --force run had moved aside%n", restored);
        }
        if (root.succeeded(version) && !options.force) {
            out.printf(
                    "version %s already succeeded: %s; nothing to do (--force trains it again)%n",
                    version, root.version(version));
            out.flush();
            close();
            return;
        }
        target = root.prepare(version);
        if (options.warmStart) {
            Optional<Path> previous = root.newestSucceededBefore(version);
            warmStartFrom = previous.map(Path::toString).orElse(null);
            out.println(previous.map(p -> "warm start from " + p)
                    .orElse("no successful version before " + version + " in " + root.path()
                            + "; starting from the initial weights of --seed"));
        }
        out.printf("training version %s of %s%n", version, root.path());
        out.flush();
    }

    /** True when the version already succeeded and this run does nothing. */
    boolean alreadySucceeded() {
        return target == null;
    }

    /** The version's model directory. */
    ModelDirectory target() {
        return target;
    }

    /** The model to start from: the warm start's version, else {@code initModel} (null: the initial weights of --seed). */
    String initialModel(String initModel) {
        return warmStartFrom != null ? warmStartFrom : initModel;
    }

    /**
     * Once the model directory is in place: marks the version complete, then applies retention, then releases the
     * lock.
     */
    void publish() throws IOException {
        lock.checkHeld();
        root.markSucceeded(version);
        List<Path> deleted = root.retain(options.keep, version);
        for (Path path : deleted) {
            out.println("retention: deleted " + path);
        }
        out.flush();
        close();
    }

    /** Releases the lock (if this run still holds it). */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
