package org.sparkmlp.job.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model's directory on any Hadoop filesystem: {@value #MODEL_FILE} (the {@link ModelFile}) and
 * {@value #METRICS_FILE} (one JSON line per epoch), and any extra files
 * such as charts. It appears whole or not at all: everything is written into a
 * hidden staging directory beside it, which is renamed into place last. An existing directory is replaced only
 * when asked to, and only once the new one is complete.
 */
public final class ModelDirectory {
    public static final String MODEL_FILE = "model.mlp";
    public static final String METRICS_FILE = "metrics.jsonl";
    /**
     * For tests of what a killed run leaves behind: when this system property names a local file, {@link #commit}
     * stops once the staging directory is complete, before moving it into place, creates that file and waits there
     * until the process is killed. Unset, it does nothing.
     */
    public static final String HOLD_BEFORE_MOVE = "sparkmlp.test.holdBeforeMove";

    private static final String STAGING = "tmp";
    private static final String REPLACED = "old";
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.(" + STAGING + "|" + REPLACED
            + ")-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final FileSystem fs;
    private final Path target;
    private final Configuration conf;
    private final boolean overwrite;

    private ModelDirectory(FileSystem fs, Path target, Configuration conf, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.conf = conf;
        this.overwrite = overwrite;
    }

    /**
     * Checks, before any training, that a model can be written at {@code path}.
     *
     * @throws FileAlreadyExistsException if something is there and {@code overwrite} is false
     */
    public static ModelDirectory prepare(String path, Configuration conf, boolean overwrite) throws IOException {
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(conf);
        target = fs.makeQualified(target);
        if (!overwrite && fs.exists(target)) {
            throw new FileAlreadyExistsException(
                    "the model path " + target + " already exists; choose another or pass --overwrite");
        }
        return new ModelDirectory(fs, target, conf, overwrite);
    }

    public Path path() {
        return target;
    }

    /** Writes more files into the model directory before it is moved into place. */
    @FunctionalInterface
    public interface Extras {
        void writeInto(Path directory) throws IOException;
    }

    /**
     * Writes the model, its metrics and the {@code extras} into a staging directory, then moves it to the model
     * path.
     */
    public void commit(MlpModel model, List<EpochMetrics> metrics, Extras extras) throws IOException {
        Path staging = beside(target, STAGING);
        try {
            fs.mkdirs(staging);
            ModelFile.write(model, new Path(staging, MODEL_FILE), conf);
            try (OutputStream out = fs.create(new Path(staging, METRICS_FILE), false)) {
                for (EpochMetrics epoch : metrics) {
                    out.write((MetricsJson.line(epoch) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            extras.writeInto(staging);
            holdIfAsked(staging);
            moveIntoPlace(staging);
        } catch (IOException | RuntimeException e) {
            fs.delete(staging, true);
            throw e;
        }
    }

    private static void holdIfAsked(Path staging) throws IOException {
        String marker = System.getProperty(HOLD_BEFORE_MOVE);
        if (marker == null) {
            return;
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(marker), staging.toString());
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held before moving " + staging + " into place");
        }
    }

    private void moveIntoPlace(Path staging) throws IOException {
        Path previous = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new FileAlreadyExistsException("the model path " + target + " appeared during training");
            }
            previous = beside(target, REPLACED);
            rename(target, previous);
        }
        rename(staging, target);
        if (previous != null) {
            fs.delete(previous, true);
        }
    }

    /** A hidden directory beside {@code target}: {@code .<name>.tmp-<uuid>} (staging) or {@code .<name>.old-<uuid>}. */
    private static Path beside(Path target, String kind) {
        return new Path(target.getParent(), "." + target.getName() + "." + kind + "-" + UUID.randomUUID());
    }

    /**
     * The name of the model directory whose staging or replaced directory is called {@code name} (what a process
     * that died while committing leaves beside it), or null if {@code name} is not such a directory.
     */
    static String leftoverOf(String name) {
        Matcher leftover = LEFTOVER.matcher(name);
        return leftover.matches() ? leftover.group(1) : null;
    }

    /**
     * The name of the model directory that {@code name} held before a replacement moved it aside, or null if
     * {@code name} is not such a directory. If the process died between its two renames, it is the only copy.
     */
    static String replacedOf(String name) {
        Matcher leftover = LEFTOVER.matcher(name);
        return leftover.matches() && leftover.group(2).equals(REPLACED) ? leftover.group(1) : null;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    /** Reads the model at {@code path}: a model directory, or a model file itself. */
    public static MlpModel read(String path, Configuration conf) throws IOException {
        Path given = new Path(path);
        FileSystem fs = given.getFileSystem(conf);
        Path file = fs.getFileStatus(given).isDirectory() ? new Path(given, MODEL_FILE) : given;
        return ModelFile.read(file, conf);
    }
}
