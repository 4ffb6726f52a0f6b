package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and forged files, read through {@link ModelFile}; forged files are built from the documented format. */
class ParameterFileTest {
    private static final Configuration CONF = new Configuration();
    private static final String TOPOLOGY_784_10 =
            "{\"layers\":[784,10],\"activations\":[\"softmax\"],\"cost\":\"cross-entropy\"}";

    @TempDir
    java.nio.file.Path dir;

    private java.nio.file.Path file;
    private Path path;

    @BeforeEach
    void paths() {
        file = dir.resolve("model.mlp");
        path = new Path(file.toUri());
    }

    @Test
    void everyFlippedByteIsDetected() throws IOException {
        ModelFile.write(ModelFileTest.model(Map.of("epochs", 3)), path, CONF);
        byte[] good = Files.readAllBytes(file);

        for (int at = 0; at < good.length; at++) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            String message = readFails(bad).getMessage();
            assertTrue(message.startsWith(path + ": "), message);
            if (at >= 12) { // after magic and format version, the checksum speaks first
                assertEquals(path + ": checksum mismatch: the file is damaged or truncated", message, "byte " + at);
            }
        }
    }

    @Test
    void damageThatTheFilesystemsOwnChecksumCatchesIsAFormatErrorToo() throws IOException {
        ModelFile.write(ModelFileTest.model(Map.of()), path, CONF);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes); // the local filesystem's .crc file beside it no longer matches

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(path, CONF));
        assertTrue(e.getMessage().startsWith(path + ": damaged"), e.getMessage());
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        ModelFile.write(ModelFileTest.model(Map.of()), path, CONF);
        byte[] good = Files.readAllBytes(file);

        for (int length : new int[] {0, 5, 10, 12, 20, good.length / 2, good.length - 1}) {
            String message = readFails(Arrays.copyOf(good, length)).getMessage();
            assertTrue(message.startsWith(path + ": "), message);
            assertTrue(
                    length < 8 ? message.contains("not a spark-mlp model file") : message.contains("truncated"),
                    length + " bytes: " + message);
        }
    }

    @Test
    void aFileOfAnotherKindIsNotAModelFile() throws IOException {
        ModelFormatException e = readFails("PK\3\4 this is a zip file, not a model".getBytes(StandardCharsets.UTF_8));
        assertEquals(path + ": not a spark-mlp model file (it does not start with the magic bytes)", e.getMessage());
    }

    @Test
    void aNewerFormatIsRefusedByName() throws IOException {
        ModelFormatException e = readFails(forge(7, header(TOPOLOGY_784_10, 7850), 7850, 0));
        assertEquals(path + ": written by a newer version (format 7); this build reads format ≤ 2", e.getMessage());
    }

    @Test
    void aForgedFileIsReadable() throws IOException {
        MlpModel model = ModelFile.read(write(forge(1, header(TOPOLOGY_784_10, 7850), 7850, 7850)), CONF);
        assertEquals(7850, model.parameters().length);
    }

    @Test
    void anArrayLongerThanTheTopologyIsRefusedBeforeItIsAllocated() throws IOException {
        String message = readFailsQuickly(forge(1, header(TOPOLOGY_784_10, 7850), Integer.MAX_VALUE, 0));
        assertEquals(path + ": array 'parameters' declares 2147483647 doubles, its header calls for 7850", message);
    }

    @Test
    void aHugeTopologyIsRefusedBeforeItsArrayIsAllocated() throws IOException {
        // 2·10⁹ parameters, 16 GB of doubles: consistent with the header, but not with the file's length
        String topology = "{\"layers\":[1,1000000000],\"activations\":[\"sigmoid\"],\"cost\":\"quadratic\"}";
        String message = readFailsQuickly(forge(1, header(topology, 2_000_000_000), 2_000_000_000, 0));
        assertEquals(
                path + ": truncated or corrupt: array 'parameters' of 2000000000 doubles needs 16000000000 bytes,"
                        + " only 0 remain before the checksum",
                message);
    }

    @Test
    void aParameterCountThatDisagreesWithTheTopologyIsRefused() throws IOException {
        String message = readFailsQuickly(forge(1, header(TOPOLOGY_784_10, Integer.MAX_VALUE), 7850, 0));
        assertTrue(
                message.startsWith(path + ": invalid content: the header declares 2147483647 parameters, but "
                        + "network 784-10 softmax cross-entropy has 7850"),
                message);
    }

    @Test
    void aTopologyTooLargeForAnArrayIsRefused() throws IOException {
        String topology = "{\"layers\":[100000,100000,10],\"activations\":[\"relu\",\"softmax\"],"
                + "\"cost\":\"cross-entropy\"}";
        String message = readFailsQuickly(forge(1, header(topology, 0), 0, 0));
        assertTrue(message.contains("does not fit in one Java array"), message);
    }

    @Test
    void aHugeHeaderLengthIsRefused() throws IOException {
        byte[] forged = forge(1, header(TOPOLOGY_784_10, 7850), 7850, 0);
        forged[12] = 0x7f; // the header length's high byte
        String message = readFailsQuickly(withChecksum(forged));
        assertTrue(message.startsWith(path + ": declares a header of 2"), message);
    }

    private static String header(String topology, long parameterCount) {
        return "{\"kind\":\"model\",\"format\":1,\"topology\":" + topology + ",\"parameterCount\":" + parameterCount
                + ",\"scaling\":\"none\",\"metadata\":{}}";
    }

    /** A file laid out as ParameterFile documents it, with one array that declares one length and holds another. */
    private static byte[] forge(int format, String header, int declaredLength, int actualLength) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'M', 'L', 'P', '\r', '\n', 0x1A, '\n'});
        out.writeInt(format);
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(1);
        out.writeShort("parameters".length());
        out.writeBytes("parameters");
        out.writeInt(declaredLength);
        for (int i = 0; i < actualLength; i++) {
            out.writeDouble(i);
        }
        out.writeInt(0);
        return withChecksum(bytes.toByteArray());
    }

    private static byte[] withChecksum(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        int value = (int) crc.getValue();
        for (int k = 0; k < 4; k++) {
            file[file.length - 4 + k] = (byte) (value >>> (24 - 8 * k));
        }
        return file;
    }

    private String readFailsQuickly(byte[] bytes) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> readFails(bytes))
                .getMessage();
    }

    private ModelFormatException readFails(byte[] bytes) throws IOException {
        return assertThrows(ModelFormatException.class, () -> ModelFile.read(write(bytes), CONF));
    }

    /** Writes bytes as another program would, without the local filesystem's .crc file. */
    private Path write(byte[] bytes) throws IOException {
        Files.deleteIfExists(dir.resolve(".model.mlp.crc"));
        Files.write(file, bytes);
        return path;
    }
}
