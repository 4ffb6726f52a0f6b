package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.model.ModelRoot;

/**
 * One run of scheduled training on a {@link ModelRoot}: before training, whether there is anything to do, where the
 * version goes and what it warm-starts from; after the model is in place, {@value ModelRoot#SUCCESS} and retention.
 */
final class ScheduledRun {
    private final ScheduleOptions options;
    private final ModelRoot root;
    private final String version;
    private final PrintWriter out;
    private ModelDirectory target;
    private String warmStartFrom;

    private ScheduledRun(ScheduleOptions options, ModelRoot root, PrintWriter out) {
        this.options = options;
        this.root = root;
        this.version = options.version();
        this.out = out;
    }

    /**
     * Opens the model root and decides the run; when the date's version already succeeded (and there is no
     * {@code --force}), says so and leaves everything as it is.
     */
    static ScheduledRun begin(ScheduleOptions options, Configuration conf, PrintWriter out) throws IOException {
        ScheduledRun run = new ScheduledRun(options, ModelRoot.open(options.modelRoot, conf), out);
        if (run.root.succeeded(run.version) && !options.force) {
            out.printf("version %s already succeeded: %s; nothing to do (--force trains it again)%n", run.version,
                    run.root.version(run.version));
            out.flush();
            return run;
        }
        run.target = run.root.prepare(run.version);
        if (options.warmStart) {
            Optional<Path> previous = run.root.newestSucceededBefore(run.version);
            run.warmStartFrom = previous.map(Path::toString).orElse(null);
            out.println(previous.map(p -> "warm start from " + p)
                    .orElse("no successful version before " + run.version + " in " + run.root.path()
                            + "; starting from the initial weights of --seed"));
        }
        out.printf("training version %s of %s%n", run.version, run.root.path());
        out.flush();
        return run;
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

    /** Once the model directory is in place: marks the version complete, then applies retention. */
    void publish() throws IOException {
        root.markSucceeded(version);
        List<Path> deleted = root.retain(options.keep, version);
        for (Path path : deleted) {
            out.println("retention: deleted " + path);
        }
        out.flush();
    }
}
