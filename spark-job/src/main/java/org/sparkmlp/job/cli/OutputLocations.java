package org.sparkmlp.job.cli;

import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before any training or prediction work, that a command can write where its options say, on any Hadoop
 * filesystem: it creates and deletes a probe file where the output will go, so that the filesystem itself judges
 * (permissions, quotas, a parent that is a file, a read-only mount). The directories the probe needed are deleted
 * again, each only if empty, so a check leaves nothing behind and never removes what another process put there.
 *
 * <p>A location the filesystem refuses is the user's path that is wrong: {@link UnwritableOutputException}
 * (exit 3). A filesystem that cannot be reached is an I/O failure (exit 5). Both name the option and the path.
 */
final class OutputLocations {
    private static final String PROBE = ".mlp-write-probe-";

    private final Configuration conf;

    OutputLocations(Configuration conf) {
        this.conf = conf;
    }

    /** An output location that is a path the option's value names, refused with the option named. */
    static final class UnwritableOutputException extends IOException {
        private static final long serialVersionUID = 1L;

        UnwritableOutputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A file or directory the command creates at {@code path} (a model directory, a predictions directory, a
     * chart): its parent must take new entries, as it is staged beside it. Null: the option is not given.
     */
    OutputLocations beside(String option, String path) throws IOException {
        if (path != null) {
            Path target = new Path(path);
            Path parent = target.getParent();
            probe(option, path, parent != null ? parent : target);
        }
        return this;
    }

    /** A directory the command writes files into, created if missing. Null: the option is not given. */
    OutputLocations into(String option, String path) throws IOException {
        if (path != null) {
            probe(option, path, new Path(path));
        }
        return this;
    }

    private void probe(String option, String given, Path directory) throws IOException {
        try {
            FileSystem fs = directory.getFileSystem(conf);
            Path dir = fs.makeQualified(directory);
            List<Path> missing = new ArrayList<>();
            for (Path p = dir; p != null && !fs.exists(p); p = p.getParent()) {
                missing.add(p);
            }
            Path probe = new Path(dir, PROBE + UUID.randomUUID());
            try {
                fs.create(probe, false).close();
            } finally {
                fs.delete(probe, false);
                // deepest first, and only while empty: another run may be creating the same directories
                for (Path created : missing) {
                    if (fs.exists(created) && fs.listStatus(created).length == 0) {
                        fs.delete(created, false);
                    }
                }
            }
        } catch (IOException e) {
            throw unreachable(e)
                    ? new IOException(
                            option + " " + given + ": cannot reach its filesystem (" + e.getMessage() + ")", e)
                    : new UnwritableOutputException(
                            option + " " + given + ": cannot be written (" + reason(e) + ")", e);
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** The filesystem's own words, without the Java class names HDFS puts into its remote exceptions. */
    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
