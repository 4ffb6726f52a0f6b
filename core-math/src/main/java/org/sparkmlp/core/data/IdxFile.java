package org.sparkmlp.core.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX stream of unsigned bytes, plain or gzip-compressed: validates the header on construction, then hands
 * out whole records in order and finally insists that nothing follows them. Every error message starts with
 * the file's name.
 */
final class IdxFile implements Closeable {
    /** What the caller expects the file to hold. */
    enum Kind {
        IMAGES("an images file", "image", "images", "rows", "columns"),
        LABELS("a labels file", "label", "labels");

        private final String description;
        private final String record;
        private final String[] dimensionNames;

        Kind(String description, String record, String... dimensionNames) {
            this.description = description;
            this.record = record;
            this.dimensionNames = dimensionNames;
        }

        /** {@code 0x0000 tt nn}: data type {@code tt}, {@code nn} dimensions. */
        int magic() {
            return UNSIGNED_BYTE << 8 | dimensionNames.length;
        }
    }

    private static final int UNSIGNED_BYTE = 0x08;
    /** The longest array that common JVMs allow; a header promising more values is refused. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final int BUFFER_SIZE = 1 << 16;

    private final String name;
    private final Kind kind;
    private final boolean gzip;
    private final InputStream in;
    private final int[] dimensions;
    private final int recordSize;
    private int recordsRead;
    /** Whether records were skipped unseen, so the bytes present before the current one are not known. */
    private boolean skipped;

    IdxFile(InputStream raw, String name, Kind kind) throws IOException {
        this.name = name;
        this.kind = kind;
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_SIZE);
        this.gzip = startsWithGzipMagic(buffered);
        this.in = gzip ? gunzip(buffered) : buffered;
        this.dimensions = readHeader();
        this.recordSize = (int) (allocatableValueCount() / dimensions[0]);
    }

    /** Number of records: the header's first dimension. */
    int count() {
        return dimensions[0];
    }

    /** Bytes per record: the product of the header's other dimensions (1 for labels). */
    int recordSize() {
        return recordSize;
    }

    /**
     * Passes over the next {@code n} records without decoding them: a seek where the stream can skip (plain
     * files), decompression where it cannot (gzip).
     */
    void skip(int n) throws IOException {
        long remaining = (long) n * recordSize;
        while (remaining > 0) {
            long s = skipUpTo(remaining);
            if (s == 0) {
                if (readUpTo(new byte[1], 0, 1) == 0) {
                    long present = (long) recordsRead * recordSize + (long) n * recordSize - remaining;
                    throw format(
                            "truncated: the header declares %s (%d data bytes) but only %d are present; the "
                                    + "data stops before %s %d (0-based)",
                            declared(), (long) count() * recordSize, present, kind.record, present / recordSize);
                }
                s = 1;
            }
            remaining -= s;
        }
        recordsRead += n;
        skipped = true;
    }

    /** Reads the next {@code n} records into the start of {@code into}. */
    void readNext(byte[] into, int n) throws IOException {
        int wanted = n * recordSize;
        int got = readUpTo(into, 0, wanted);
        if (got == 0 && wanted > 0 && skipped) {
            // Some streams skip past their end without noticing (a plain file's seek), so say no more than is known.
            throw format(
                    "truncated: the header declares %s (%d data bytes) but the data ends before %s %d (0-based)",
                    declared(), (long) count() * recordSize, kind.record, recordsRead);
        }
        if (got < wanted) {
            long present = (long) recordsRead * recordSize + got;
            int stopped = recordsRead + got / recordSize;
            int partial = got % recordSize;
            String where = kind.record + " " + stopped + " (0-based)";
            where = partial == 0
                    ? "before " + where
                    : "inside " + where + ", after " + partial + " of its " + recordSize + " bytes";
            throw format(
                    "truncated: the header declares %s (%d data bytes) but only %d are present; the data stops %s",
                    declared(), (long) count() * recordSize, present, where);
        }
        recordsRead += n;
    }

    /** Fails if any bytes follow the declared records; also where a gzip stream's checksum is verified. */
    void expectEnd() throws IOException {
        byte[] scratch = new byte[BUFFER_SIZE];
        long trailing = 0;
        for (int n; (n = readUpTo(scratch, 0, scratch.length)) > 0; ) {
            trailing += n;
        }
        if (trailing > 0) {
            throw format("trailing garbage: %d bytes follow the %s that the header declares", trailing, declared());
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int[] readHeader() throws IOException {
        byte[] magicBytes = new byte[4];
        int got = readUpTo(magicBytes, 0, 4);
        if (got == 0) {
            throw format("file is empty");
        }
        if (got < 4) {
            throw format("file is only %d bytes long, shorter than the 4-byte magic number", got);
        }
        int magic = ByteBuffer.wrap(magicBytes).getInt();
        if (magic != kind.magic()) {
            throw format(
                    "wrong magic number: expected 0x%08X (%s) but found 0x%08X%s",
                    kind.magic(), kind.description, magic, diagnose(magic));
        }
        byte[] sizes = new byte[4 * kind.dimensionNames.length];
        got = readUpTo(sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw format("header cut short: %d of its %d dimension bytes are present", got, sizes.length);
        }
        int[] dims = new int[kind.dimensionNames.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ByteBuffer.wrap(sizes).getInt(4 * i);
            if (dims[i] <= 0) {
                throw format(
                        "the header declares %s = %d; every dimension must be positive",
                        kind.dimensionNames[i], dims[i]);
            }
        }
        return dims;
    }

    private String diagnose(int magic) {
        for (Kind other : Kind.values()) {
            if (other != kind && magic == other.magic()) {
                return ": this looks like " + other.description;
            }
        }
        if (magic >>> 16 != 0) {
            return ": not an IDX file";
        }
        int type = magic >>> 8 & 0xFF;
        if (type != UNSIGNED_BYTE) {
            return String.format(
                    Locale.ROOT,
                    ": data type 0x%02X is not supported, only unsigned bytes (0x%02X)",
                    type,
                    UNSIGNED_BYTE);
        }
        return String.format(
                Locale.ROOT, ": it declares %d dimensions, expected %d", magic & 0xFF, kind.dimensionNames.length);
    }

    /** The product of all dimensions, refused before anything that size is allocated. */
    private long allocatableValueCount() throws IdxFormatException {
        long product = 1;
        for (int dimension : dimensions) {
            // Cannot overflow: product <= MAX_ARRAY_LENGTH and each dimension < 2^31.
            product *= dimension;
            if (product > MAX_ARRAY_LENGTH) {
                throw format(
                        "the header declares %s, more than the %d values one Java array can hold; refusing to "
                                + "allocate",
                        declared(), MAX_ARRAY_LENGTH);
            }
        }
        return product;
    }

    /** E.g. "60000 images of 28×28 bytes" or "60000 labels". */
    private String declared() {
        String plural = kind.dimensionNames[0];
        if (dimensions.length == 1) {
            return dimensions[0] + " " + plural;
        }
        return dimensions[0] + " " + plural + " of "
                + Arrays.stream(dimensions, 1, dimensions.length)
                        .mapToObj(Integer::toString)
                        .collect(Collectors.joining("×"))
                + " bytes";
    }

    private boolean startsWithGzipMagic(BufferedInputStream buffered) throws IOException {
        try {
            buffered.mark(2);
            boolean gz = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            return gz;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    private InputStream gunzip(InputStream buffered) throws IOException {
        try {
            return new GZIPInputStream(buffered, BUFFER_SIZE);
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /** Like {@link InputStream#readNBytes(byte[], int, int)}, with failures naming the file. */
    private int readUpTo(byte[] into, int offset, int length) throws IOException {
        try {
            return in.readNBytes(into, offset, length);
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    private long skipUpTo(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    private IOException readFailed(IOException e) {
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        // GZIPInputStream reports bad data as ZipException and a cut-off stream as EOFException.
        if (gzip && (e instanceof ZipException || e instanceof EOFException)) {
            return new IdxFormatException(name + ": gzip data is corrupt or cut short: " + detail, e);
        }
        return new IOException(name + ": read failed: " + detail, e);
    }

    private IdxFormatException format(String template, Object... args) {
        return new IdxFormatException(name + ": " + String.format(Locale.ROOT, template, args));
    }
}
