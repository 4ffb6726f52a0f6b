package org.sparkmlp.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Test files in the IDX format, plain or gzip, for every module's tests (core-math's test jar). */
public final class IdxFiles {
    /** Unsigned bytes, three dimensions: images. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, one dimension: labels. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /** An IDX file: big-endian magic and dimensions, then the data as given (which may disagree with them). */
    public static byte[] idx(int magic, byte[] data, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** {@code content} gzip-compressed. */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
