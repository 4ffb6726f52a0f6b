package org.sparkmlp.job.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of model versions on any Hadoop filesystem, written by scheduled training: one
 * {@link ModelDirectory} per version, named by the run's UTC time ({@code 2026-11-28T02-00-00Z}, so names sort
 * by time), with an empty {@value #SUCCESS} file written into it last.
 *
 * <p>A version counts only once it has {@value #SUCCESS}. A version directory without it, and the staging and
 * replaced directories a {@link ModelDirectory} leaves beside a version when its process dies, are leftovers of an
 * interrupted run; they are never read, and they are deleted by the next run of the same version or after a run of
 * a later one succeeds. Names that are not versions (or their leftovers) are never touched.
 *
 * <p>Runs that overlap take turns through the root's {@link ModelRootLock}: a run changes the root only while it
 * holds it. A replacement of a version ({@code --force}) that died between its two renames left the old version
 * moved aside and none in its place; the next run restores it ({@link #restoreInterruptedReplacements}) before
 * anything else.
 */
public final class ModelRoot {
    /** The marker of a complete version, written after everything else. */
    public static final String SUCCESS = "_SUCCESS";

    private static final DateTimeFormatter NAME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    private static final String NAME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z";
    private static final Pattern VERSION = Pattern.compile(NAME);
    private static final System.Logger LOG = System.getLogger(ModelRoot.class.getName());

    private final FileSystem fs;
    private final Path root;
    private final Configuration conf;

    private ModelRoot(FileSystem fs, Path root, Configuration conf) {
        this.fs = fs;
        this.root = root;
        this.conf = conf;
    }

    public static ModelRoot open(String path, Configuration conf) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        return new ModelRoot(fs, fs.makeQualified(root), conf);
    }

    /** The version name of a run at {@code time}: its UTC time to the second, e.g. {@code 2026-11-28T02-00-00Z}. */
    public static String versionName(Instant time) {
        return NAME_FORMAT.format(time);
    }

    public Path path() {
        return root;
    }

    public Path version(String name) {
        return new Path(root, name);
    }

    /** Whether {@code name} is a complete version (it has {@value #SUCCESS}). */
    public boolean succeeded(String name) throws IOException {
        return fs.exists(new Path(version(name), SUCCESS));
    }

    /**
     * Takes the root's lock, waiting at most {@code wait} for another run to release it.
     *
     * @throws ModelRootLock.LockedException if another run still holds it then
     */
    public ModelRootLock lock(Duration wait, Consumer<ModelRootLock.Holder> waiting) throws IOException {
        return ModelRootLock.acquire(fs, root, wait, waiting);
    }

    /**
     * Puts back the complete versions that a replacement moved aside and then died before moving the new one in;
     * to be called under the lock.
     *
     * @return the versions restored
     */
    public List<String> restoreInterruptedReplacements() throws IOException {
        List<String> restored = new ArrayList<>();
        for (FileStatus status : list()) {
            String name = ModelDirectory.replacedOf(status.getPath().getName());
            if (name != null
                    && VERSION.matcher(name).matches()
                    && !fs.exists(version(name))
                    && fs.exists(new Path(status.getPath(), SUCCESS))) {
                if (!fs.rename(status.getPath(), version(name))) {
                    throw new IOException("could not restore " + version(name) + " from " + status.getPath());
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "restored version " + name + " from " + status.getPath()
                                + ", where a replacement that did not finish had moved it");
                restored.add(name);
            }
        }
        return restored;
    }

    /** The newest complete version older than {@code name}: what a run of {@code name} warm-starts from. */
    public Optional<Path> newestSucceededBefore(String name) throws IOException {
        for (String version : versionsNewestFirst()) {
            if (version.compareTo(name) < 0 && succeeded(version)) {
                return Optional.of(version(version));
            }
        }
        return Optional.empty();
    }

    /**
     * Where a run writes version {@code name}: first deletes what interrupted runs of it left (an incomplete
     * version directory, staging directories). A complete version stays until the new one replaces it.
     */
    public ModelDirectory prepare(String name) throws IOException {
        if (!VERSION.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a version name");
        }
        for (Path leftover : leftovers(name::equals)) {
            delete(leftover);
        }
        return ModelDirectory.prepare(version(name).toString(), conf, true);
    }

    /** Marks version {@code name}, already in place, as complete: the last file a run writes. */
    public void markSucceeded(String name) throws IOException {
        fs.create(new Path(version(name), SUCCESS), false).close();
    }

    /**
     * Deletes the complete versions beyond the newest {@code keep} ({@code keep} ≤ 0: none) but never
     * {@code current}, and the leftovers of interrupted runs of versions older than {@code current}. It runs after
     * {@code current} succeeded, so what cannot be deleted costs space, not the run: it is logged and left for the
     * next run.
     *
     * @return what was deleted
     */
    public List<Path> retain(int keep, String current) throws IOException {
        List<Path> deleted = new ArrayList<>();
        int kept = 0;
        for (String version : versionsNewestFirst()) {
            if (!succeeded(version)) {
                continue;
            }
            kept++;
            // _SUCCESS first: a version being deleted must not look complete to a reader meanwhile
            if (keep > 0
                    && kept > keep
                    && !version.equals(current)
                    && tryDelete(new Path(version(version), SUCCESS))
                    && tryDelete(version(version))) {
                deleted.add(version(version));
            }
        }
        for (Path leftover : leftovers(version -> version.compareTo(current) < 0)) {
            if (tryDelete(leftover)) {
                deleted.add(leftover);
            }
        }
        return deleted;
    }

    private List<String> versionsNewestFirst() throws IOException {
        List<String> versions = new ArrayList<>();
        for (FileStatus status : list()) {
            if (status.isDirectory()
                    && VERSION.matcher(status.getPath().getName()).matches()) {
                versions.add(status.getPath().getName());
            }
        }
        versions.sort(Comparator.reverseOrder());
        return versions;
    }

    /** Incomplete version directories and staging or replaced directories of the versions {@code which} selects. */
    private List<Path> leftovers(Predicate<String> which) throws IOException {
        List<Path> found = new ArrayList<>();
        for (FileStatus status : list()) {
            String name = status.getPath().getName();
            String leftoverOf = ModelDirectory.leftoverOf(name);
            if (leftoverOf != null && VERSION.matcher(leftoverOf).matches() && which.test(leftoverOf)) {
                found.add(status.getPath());
            } else if (status.isDirectory()
                    && VERSION.matcher(name).matches()
                    && which.test(name)
                    && !succeeded(name)) {
                found.add(status.getPath());
            }
        }
        return found;
    }

    /** The root's entries by name (a listing's order depends on the filesystem). */
    private List<FileStatus> list() throws IOException {
        try {
            List<FileStatus> entries = new ArrayList<>(List.of(fs.listStatus(root)));
            entries.sort(Comparator.comparing(status -> status.getPath().getName()));
            return entries;
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    private boolean tryDelete(Path path) {
        try {
            delete(path);
            return true;
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "retention could not delete " + path + " (" + e.getMessage() + "); the next run tries again");
            return false;
        }
    }

    private void delete(Path path) throws IOException {
        LOG.log(System.Logger.Level.INFO, "deleting " + path);
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("could not delete " + path);
        }
    }
}
