package org.sparkmlp.job.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The binary container behind model and checkpoint files: a JSON header that says what the file holds, named
 * arrays of doubles, and a checksum. Formats 1 and 2 share this layout, every number big-endian:
 *
 * <pre>
 *   magic          8 bytes   89 4D 4C 50 0D 0A 1A 0A  ("\211MLP\r\n\032\n")
 *   format         int32     1 or 2
 *   header length  int32     h, 1 … 64 MiB
 *   header         h bytes   a UTF-8 JSON object that starts with "kind" and "format"
 *   array count    int32
 *   each array:    uint16 name length, the name in UTF-8, int32 length n, n IEEE 754 doubles (raw bits)
 *   checksum       int32     CRC32C of every byte before it
 * </pre>
 *
 * <p>The magic follows PNG's: the high first byte and the CR LF, SUB, LF sequence expose transfers that strip
 * the eighth bit or convert line endings. The checksum is a CRC because it guards against accidental damage
 * (bit rot, truncation, a partial copy), which a CRC detects as reliably as a cryptographic hash; tampering
 * it could not stop anyway, since anyone able to edit the file can recompute either. CRC32C is the one HDFS
 * uses and has a hardware instruction behind {@link CRC32C}. The header may use the number tokens NaN and
 * ±Infinity, so that a diverged loss survives a round trip.
 *
 * <p>Reading makes two passes over one open stream. The first checks the magic, the format version and then
 * the checksum of the whole file, so that damage is reported as such rather than as whatever it garbled. The
 * second parses, checking every length against the bytes that remain and every array against the length its
 * header calls for before allocating it.
 */
final class ParameterFile {
    /** The format of every file that an older build can read. */
    static final int FIRST_FORMAT = 1;
    /**
     * The newest format, which this build reads too: 2 adds regression models, whose header's {@code task} a
     * format-1 reader would ignore and so misread the model as a classifier. Files that need no format-2 field are
     * still written as format 1.
     */
    static final int FORMAT = 2;

    private static final byte[] MAGIC = {(byte) 0x89, 'M', 'L', 'P', '\r', '\n', 0x1A, '\n'};
    private static final int PROLOGUE = MAGIC.length + Integer.BYTES;
    private static final int CHECKSUM = Integer.BYTES;
    private static final int MAX_HEADER = 64 << 20;
    private static final int BUFFER = 1 << 16;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ParameterFile() {}

    /**
     * Writes one file's bytes; {@code out} stays open.
     *
     * @param kind   what the file holds, e.g. {@code model}; reading insists on it
     * @param format {@link #FIRST_FORMAT} unless the header holds a field of a later one
     * @param fields the rest of the header
     * @param arrays the arrays, written in the map's order
     */
    static void write(OutputStream out, String kind, int format, ObjectNode fields, Map<String, double[]> arrays)
            throws IOException {
        if (format < FIRST_FORMAT || format > FORMAT) {
            throw new IllegalArgumentException("this build writes formats " + FIRST_FORMAT + " to " + FORMAT);
        }
        ObjectNode header = JSON.createObjectNode().put("kind", kind).put("format", format);
        header.setAll(fields);
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        if (headerBytes.length > MAX_HEADER) {
            throw new IllegalArgumentException(
                    "a header of " + headerBytes.length + " bytes exceeds the format's " + MAX_HEADER + "-byte limit");
        }
        CRC32C crc = new CRC32C();
        DataOutputStream data =
                new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(out, crc), BUFFER));
        data.write(MAGIC);
        data.writeInt(format);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        data.writeInt(arrays.size());
        for (Map.Entry<String, double[]> array : arrays.entrySet()) {
            byte[] name = array.getKey().getBytes(StandardCharsets.UTF_8);
            data.writeShort(name.length);
            data.write(name);
            data.writeInt(array.getValue().length);
            for (double v : array.getValue()) {
                data.writeLong(Double.doubleToRawLongBits(v));
            }
        }
        data.flush();
        out.write(ByteBuffer.allocate(CHECKSUM).putInt((int) crc.getValue()).array());
    }

    /**
     * Reads and checks a file, then turns it into a value. The two functions signal a header or content that
     * makes no sense by throwing {@link IllegalArgumentException}, which is reported as a
     * {@link ModelFormatException} naming the file.
     *
     * @param kind         what the file must hold
     * @param arrayLengths from the header: every array the file must hold, with its length
     * @param decode       the value, from the header and the arrays
     */
    static <T> T read(
            Path path,
            Configuration conf,
            String kind,
            Function<JsonNode, Map<String, Integer>> arrayLengths,
            BiFunction<JsonNode, Map<String, double[]>, T> decode)
            throws IOException {
        try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
            long length = verify(in, path);
            in.seek(MAGIC.length);
            int format = in.readInt();
            Reader reader = new Reader(
                    new DataInputStream(new BufferedInputStream(in, BUFFER)),
                    length - PROLOGUE - CHECKSUM,
                    path,
                    format);
            JsonNode header = reader.header(kind);
            Map<String, double[]> arrays = reader.arrays(interpret(path, () -> arrayLengths.apply(header)));
            return interpret(path, () -> decode.apply(header, arrays));
        } catch (ChecksumException e) {
            throw new ModelFormatException(path, "damaged: the filesystem's own checksum does not match", e);
        }
    }

    /** Checks magic, format and checksum without interpreting the rest; returns the file's length. */
    private static long verify(InputStream in, Path path) throws IOException {
        byte[] prologue = in.readNBytes(PROLOGUE);
        if (prologue.length < MAGIC.length || !Arrays.equals(prologue, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFormatException(path, "not a spark-mlp model file (it does not start with the magic bytes)");
        }
        if (prologue.length < PROLOGUE) {
            throw new ModelFormatException(path, "truncated: the file ends inside its format version");
        }
        int format = ByteBuffer.wrap(prologue, MAGIC.length, Integer.BYTES).getInt();
        if (format > FORMAT) {
            throw new ModelFormatException(
                    path, "written by a newer version (format " + format + "); this build reads format ≤ " + FORMAT);
        }
        if (format < 1) {
            throw new ModelFormatException(path, "format " + format + " does not exist");
        }
        CRC32C crc = new CRC32C();
        crc.update(prologue);
        // Digest all but the last four bytes, which hold the checksum; the length is known only at the end.
        byte[] buffer = new byte[BUFFER];
        int held = 0;
        long length = PROLOGUE;
        for (int n; (n = in.read(buffer, held, buffer.length - held)) != -1; length += n) {
            int available = held + n;
            int digested = Math.max(0, available - CHECKSUM);
            crc.update(buffer, 0, digested);
            held = available - digested;
            System.arraycopy(buffer, digested, buffer, 0, held);
        }
        if (held < CHECKSUM) {
            throw new ModelFormatException(path, "truncated: " + length + " bytes cannot hold a header and a checksum");
        }
        if (ByteBuffer.wrap(buffer, 0, CHECKSUM).getInt() != (int) crc.getValue()) {
            throw new ModelFormatException(path, "checksum mismatch: the file is damaged or truncated");
        }
        return length;
    }

    /** Runs a header or content check, reporting its IllegalArgumentException as a fault of the file. */
    private static <T> T interpret(Path path, Supplier<T> check) throws ModelFormatException {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(path, "invalid content: " + e.getMessage(), e);
        }
    }

    /** Reads the structure after the prologue, never past the checksum. */
    private static final class Reader {
        private final DataInputStream in;
        private final Path path;
        private final int format;
        private long remaining;

        Reader(DataInputStream in, long remaining, Path path, int format) {
            this.in = in;
            this.remaining = remaining;
            this.path = path;
            this.format = format;
        }

        JsonNode header(String kind) throws IOException {
            int length = readInt();
            if (length <= 0 || length > Math.min(MAX_HEADER, remaining)) {
                throw new ModelFormatException(
                        path,
                        "declares a header of " + length + " bytes, but " + remaining
                                + " bytes remain (and a header may have at most " + MAX_HEADER + ")");
            }
            JsonNode header;
            try {
                // decoded here: given bytes, Jackson guesses the encoding, and zeros make it try UTF-32
                header = JSON.readTree(StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(readBytes(length)))
                        .toString());
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(path, "the header is not UTF-8 text", e);
            } catch (JsonProcessingException e) {
                throw new ModelFormatException(path, "the header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            String found = header.path("kind").asText("");
            if (!found.equals(kind)) {
                throw new ModelFormatException(
                        path,
                        "holds " + (found.isEmpty() ? "an unknown kind of content" : "a " + found) + ", not a " + kind);
            }
            if (header.path("format").asInt() != format) {
                throw new ModelFormatException(
                        path, "its header says format " + header.get("format") + ", its prologue " + format);
            }
            return header;
        }

        Map<String, double[]> arrays(Map<String, Integer> expected) throws IOException {
            int count = readInt();
            if (count != expected.size()) {
                throw new ModelFormatException(
                        path,
                        "holds " + count + " arrays, its header calls for " + expected.size() + " "
                                + expected.keySet());
            }
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (int k = 0; k < count; k++) {
                String name = new String(readBytes(Short.toUnsignedInt(readShort())), StandardCharsets.UTF_8);
                Integer length = expected.get(name);
                if (length == null || arrays.containsKey(name)) {
                    throw new ModelFormatException(
                            path,
                            "holds an unexpected array '" + name + "'; its header calls for " + expected.keySet());
                }
                int declared = readInt();
                if (declared != length) {
                    throw new ModelFormatException(
                            path,
                            "array '" + name + "' declares " + declared + " doubles, its header calls for " + length);
                }
                arrays.put(name, readDoubles(name, declared));
            }
            if (remaining != 0) {
                throw new ModelFormatException(path, remaining + " unexpected bytes after the last array");
            }
            return arrays;
        }

        private double[] readDoubles(String name, int n) throws IOException {
            claim((long) n * Double.BYTES, "array '" + name + "' of " + n + " doubles");
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = Double.longBitsToDouble(in.readLong());
            }
            return values;
        }

        private int readInt() throws IOException {
            claim(Integer.BYTES, "a length");
            return in.readInt();
        }

        private short readShort() throws IOException {
            claim(Short.BYTES, "a name length");
            return in.readShort();
        }

        private byte[] readBytes(int n) throws IOException {
            claim(n, n + " bytes");
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return bytes;
        }

        /** Refuses to read what the file cannot hold, so a corrupt length never causes a huge allocation. */
        private void claim(long bytes, String what) throws ModelFormatException {
            if (bytes > remaining) {
                throw new ModelFormatException(
                        path,
                        "truncated or corrupt: " + what + " needs " + bytes + " bytes, only " + remaining
                                + " remain before the checksum");
            }
            remaining -= bytes;
        }
    }
}
