package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path target = new Path(dir.resolve("out/file.bin").toUri());
        AtomicFile.write(target, CONF, out -> out.write(bytes("first")));
        AtomicFile.write(target, CONF, out -> out.write(bytes("second")));

        assertEquals("second", Files.readString(dir.resolve("out/file.bin")));
        assertEquals(List.of(".file.bin.crc", "file.bin"), list("out"));
    }

    @Test
    void aWriteThatFailsMidwayKeepsThePreviousFile() throws IOException {
        Path target = new Path(dir.resolve("file.bin").toUri());
        AtomicFile.write(target, CONF, out -> out.write(bytes("previous")));
        IOException diskFull = new IOException("disk full");

        IOException thrown = assertThrows(
                IOException.class,
                () -> AtomicFile.write(target, CONF, out -> {
                    out.write(new byte[1 << 20]);
                    throw diskFull;
                }));

        assertSame(diskFull, thrown);
        assertEquals("previous", Files.readString(dir.resolve("file.bin")));
        assertEquals(List.of(".file.bin.crc", "file.bin"), list("."));
    }

    @Test
    void aFirstWriteThatFailsLeavesNoFile() throws IOException {
        Path target = new Path(dir.resolve("file.bin").toUri());
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFile.write(target, CONF, out -> {
                    out.write(bytes("partial"));
                    throw new IllegalStateException("bug");
                }));

        assertFalse(Files.exists(dir.resolve("file.bin")));
        assertEquals(List.of(), list("."));
    }

    private List<String> list(String sub) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir.resolve(sub))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
