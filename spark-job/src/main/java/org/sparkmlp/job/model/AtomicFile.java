package org.sparkmlp.job.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a file on any Hadoop filesystem as a whole: the content goes to a hidden temporary file beside the
 * target ({@code .<name>.tmp-<uuid>}), which is renamed over the target only once it is complete. Readers see
 * the previous file or the new one, never a part; if writing fails, the temporary file is deleted and the
 * previous file is untouched.
 */
public final class AtomicFile {
    /** Writes a file's content; the stream is closed by the caller. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path target, Configuration conf, Content content) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path file = fs.makeQualified(target);
        Path temp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(temp, false)) {
                content.writeTo(out);
                out.hsync(); // durable before it gets the real name, so a crash cannot leave an empty file there
            }
            // FileSystem.rename refuses an existing target on HDFS; this rename replaces it atomically there.
            FileContext.getFileContext(fs.getUri(), conf).rename(temp, file, Options.Rename.OVERWRITE);
        } catch (Throwable e) {
            try {
                fs.delete(temp, false);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
