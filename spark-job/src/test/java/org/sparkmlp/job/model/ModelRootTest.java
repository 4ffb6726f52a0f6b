package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRootTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private ModelRoot root() throws IOException {
        return ModelRoot.open(dir.toString(), conf);
    }

    private void version(String name, boolean succeeded) throws IOException {
        Path version = Files.createDirectories(dir.resolve(name));
        Files.writeString(version.resolve(ModelDirectory.MODEL_FILE), name);
        if (succeeded) {
            Files.createFile(version.resolve(ModelRoot.SUCCESS));
        }
    }

    private Path leftover(String version, String kind) throws IOException {
        return Files.createDirectories(dir.resolve("." + version + "." + kind + "-" + UUID.randomUUID()));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void versionsAreNamedByTheirUtcTimeSoThatNamesSortByTime() {
        assertEquals("2026-11-28T02-00-00Z", ModelRoot.versionName(Instant.parse("2026-11-28T02:00:00Z")));
        assertEquals("2026-11-28T02-00-07Z", ModelRoot.versionName(Instant.parse("2026-11-28T03:00:07.9+01:00")));
    }

    @Test
    void aWarmStartComesFromTheNewestCompleteVersionBeforeTheRun() throws IOException {
        assertEquals(Optional.empty(), root().newestSucceededBefore("2026-11-28T00-00-00Z"), "no root yet");
        version("2026-11-25T00-00-00Z", true);
        version("2026-11-26T00-00-00Z", true);
        version("2026-11-27T00-00-00Z", false);
        version("2026-11-29T00-00-00Z", true);
        Files.createDirectories(dir.resolve("latest"));
        assertEquals(
                "2026-11-26T00-00-00Z",
                root().newestSucceededBefore("2026-11-28T00-00-00Z")
                        .orElseThrow()
                        .getName(),
                "not the incomplete one, not a later one (a backfill must not learn from the future)");
        assertEquals(
                "2026-11-26T00-00-00Z",
                root().newestSucceededBefore("2026-11-27T00-00-00Z")
                        .orElseThrow()
                        .getName());
        assertTrue(root().succeeded("2026-11-29T00-00-00Z"));
        assertFalse(root().succeeded("2026-11-27T00-00-00Z"));
    }

    @Test
    void preparingAVersionClearsWhatInterruptedRunsOfItLeftAndNothingElse() throws IOException {
        version("2026-11-27T00-00-00Z", false);
        leftover("2026-11-27T00-00-00Z", "tmp");
        leftover("2026-11-27T00-00-00Z", "old");
        Path other = leftover("2026-11-26T00-00-00Z", "tmp");
        version("2026-11-28T00-00-00Z", true);

        ModelDirectory target = root().prepare("2026-11-27T00-00-00Z");
        assertEquals("2026-11-27T00-00-00Z", target.path().getName());
        assertEquals(List.of(other.getFileName().toString(), "2026-11-28T00-00-00Z"), names());

        root().prepare("2026-11-28T00-00-00Z");
        assertTrue(
                Files.exists(dir.resolve("2026-11-28T00-00-00Z").resolve(ModelRoot.SUCCESS)),
                "a complete version stays until a new one replaces it");
        assertThrows(IllegalArgumentException.class, () -> root().prepare("latest"));
    }

    @Test
    void retentionKeepsTheNewestCompleteVersionsAndTheCurrentOneAndNothingButVersionsIsTouched() throws IOException {
        for (String day : new String[] {"20", "21", "22", "23"}) {
            version("2026-11-" + day + "T00-00-00Z", true);
        }
        version("2026-11-19T00-00-00Z", false);
        leftover("2026-11-18T00-00-00Z", "tmp");
        Path newer = leftover("2026-11-24T00-00-00Z", "tmp");
        Files.createDirectories(dir.resolve("archive"));
        Files.writeString(dir.resolve("README"), "not a version");

        // a backfill of the 21st with --keep 2: the 21st itself stays although two newer versions exist
        List<org.apache.hadoop.fs.Path> deleted = root().retain(2, "2026-11-21T00-00-00Z");
        assertEquals(
                List.of("2026-11-20T00-00-00Z", ".2026-11-18T00-00-00Z", "2026-11-19T00-00-00Z"),
                deleted.stream()
                        .map(p -> p.getName().replaceAll("\\.tmp-.*", ""))
                        .toList());
        assertEquals(
                List.of(
                        newer.getFileName().toString(),
                        "2026-11-21T00-00-00Z",
                        "2026-11-22T00-00-00Z",
                        "2026-11-23T00-00-00Z",
                        "README",
                        "archive"),
                names(),
                "leftovers of newer versions stay");

        assertEquals(
                List.of(),
                root().retain(0, "2026-11-23T00-00-00Z").stream()
                        .filter(p -> !p.getName().startsWith("."))
                        .toList(),
                "--keep 0 keeps every complete version");
    }

    @Test
    void aVersionIsMarkedCompleteOnce() throws IOException {
        version("2026-11-27T00-00-00Z", false);
        root().markSucceeded("2026-11-27T00-00-00Z");
        assertTrue(root().succeeded("2026-11-27T00-00-00Z"));
        assertThrows(IOException.class, () -> root().markSucceeded("2026-11-27T00-00-00Z"));
    }
}
