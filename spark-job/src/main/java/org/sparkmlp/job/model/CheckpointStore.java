package org.sparkmlp.job.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoints of one training run, in a directory on any Hadoop filesystem: one file per checkpoint, named
 * {@code checkpoint-<iteration, 12 digits>.ckpt}, each written atomically.
 *
 * <p>Order is by iteration. Once a checkpoint is complete, the store keeps it and the newest one before it, so
 * that a checkpoint damaged later still leaves one to resume from, and deletes the rest: the older ones, and
 * any newer ones, which a run resumed from {@link #latest()} has passed over because they could not be read.
 * Other files in the directory, temporary files of interrupted writes included, are ignored.
 */
public final class CheckpointStore {
    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12,18})\\.ckpt");

    private final Path directory;
    private final Configuration conf;

    public CheckpointStore(Path directory, Configuration conf) {
        this.directory = directory;
        this.conf = conf;
    }

    /** Writes a checkpoint, then deletes those it supersedes; returns its file. */
    public Path write(Checkpoint checkpoint) throws IOException {
        if (checkpoint.iteration() < 0) {
            throw new IllegalArgumentException("iteration " + checkpoint.iteration() + " is negative");
        }
        Path file = new Path(directory, String.format("checkpoint-%012d.ckpt", checkpoint.iteration()));
        CheckpointFile.write(checkpoint, file, conf);
        FileSystem fs = directory.getFileSystem(conf);
        boolean keptPrevious = false;
        for (Stored stored : newestFirst()) {
            if (stored.iteration() < checkpoint.iteration() && !keptPrevious) {
                keptPrevious = true;
            } else if (stored.iteration() != checkpoint.iteration()) {
                delete(fs, stored.file());
            }
        }
        return file;
    }

    /** The new checkpoint is complete, so a file that cannot be deleted costs space, not the run. */
    private static void delete(FileSystem fs, Path file) {
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the superseded checkpoint " + file, e);
        }
    }

    /**
     * The newest checkpoint that can be read; an unreadable newer one is skipped with a warning. Empty if the
     * directory holds no checkpoint or does not exist.
     *
     * @throws ModelFormatException if there are checkpoints but none can be read (the newest one's fault,
     *                              with the others' suppressed)
     */
    public Optional<Checkpoint> latest() throws IOException {
        ModelFormatException failure = null;
        for (Stored stored : newestFirst()) {
            try {
                return Optional.of(CheckpointFile.read(stored.file(), conf));
            } catch (ModelFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable checkpoint: " + e.getMessage());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Optional.empty();
    }

    private List<Stored> newestFirst() throws IOException {
        FileStatus[] statuses;
        try {
            statuses = directory.getFileSystem(conf).listStatus(directory);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Stored> found = new ArrayList<>();
        for (FileStatus status : statuses) {
            Matcher name = NAME.matcher(status.getPath().getName());
            if (status.isFile() && name.matches()) {
                found.add(new Stored(status.getPath(), Long.parseLong(name.group(1))));
            }
        }
        found.sort(Comparator.comparingLong(Stored::iteration).reversed());
        return found;
    }

    private record Stored(Path file, long iteration) {}
}
