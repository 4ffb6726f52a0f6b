package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.OptimizerState;

class CheckpointStoreTest {
    private static final Configuration CONF = new Configuration();
    private static final Topology TOPOLOGY =
            Topology.parse("5-4-3", Activation.TANH, Activation.SOFTMAX, Cost.CROSS_ENTROPY);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void adamWithoutBestParametersRoundTrips() throws IOException {
        Checkpoint written = checkpoint(1234, "adam", 2, false);
        CheckpointStore store = store();
        store.write(written);

        Checkpoint read = store.latest().orElseThrow();

        assertSame(written, read);
        assertTrue(Double.isNaN(read.bestLoss()));
        assertNull(read.bestParameters());
        assertEquals(2, read.optimizer().slots().length);
    }

    @Test
    void sgdWithBestParametersRoundTrips() throws IOException {
        Checkpoint written = checkpoint(99, "sgd", 0, true);
        store().write(written);

        assertSame(written, store().latest().orElseThrow());
    }

    @Test
    void keepsTheNewestTwoAndLatestIsTheNewest() throws IOException {
        CheckpointStore store = store();
        for (long iteration : new long[] {100, 200, 300, 400}) {
            store.write(checkpoint(iteration, "momentum", 1, false));
        }

        assertEquals(List.of("checkpoint-000000000300.ckpt", "checkpoint-000000000400.ckpt"), checkpointFiles());
        assertEquals(400, store.latest().orElseThrow().iteration());
        assertEquals(
                List.of(),
                list().stream().filter(name -> name.contains(".tmp-")).toList());
    }

    @Test
    void aRunResumedPastADamagedCheckpointReplacesIt() throws IOException {
        CheckpointStore store = store();
        store.write(checkpoint(200, "sgd", 0, false));
        store.write(checkpoint(300, "sgd", 0, false));
        damage("checkpoint-000000000300.ckpt");
        assertEquals(200, store.latest().orElseThrow().iteration());

        store.write(checkpoint(250, "sgd", 0, false));

        assertEquals(List.of("checkpoint-000000000200.ckpt", "checkpoint-000000000250.ckpt"), checkpointFiles());
        assertEquals(250, store.latest().orElseThrow().iteration());
    }

    @Test
    void latestSkipsADamagedCheckpoint() throws IOException {
        CheckpointStore store = store();
        store.write(checkpoint(100, "sgd", 0, false));
        Path newest = store.write(checkpoint(200, "sgd", 0, false));
        damage("checkpoint-000000000200.ckpt");

        assertEquals(100, store.latest().orElseThrow().iteration());

        damage("checkpoint-000000000100.ckpt");
        ModelFormatException e = assertThrows(ModelFormatException.class, store::latest);
        assertTrue(e.getMessage().startsWith(newest + ": "), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void otherFilesAreIgnored() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        Files.writeString(dir.resolve(".checkpoint-000000000500.ckpt.tmp-1234"), "an interrupted write");
        Files.writeString(dir.resolve("checkpoint-7.ckpt"), "not one of our names");
        assertEquals(Optional.empty(), store().latest());

        store().write(checkpoint(5, "sgd", 0, false));
        assertEquals(5, store().latest().orElseThrow().iteration());
    }

    @Test
    void aMissingDirectoryHasNoCheckpoint() throws IOException {
        assertEquals(
                Optional.empty(),
                new CheckpointStore(new Path(dir.resolve("absent").toUri()), CONF).latest());
    }

    static Checkpoint checkpoint(long iteration, String rule, int slots, boolean withBest) {
        int n = TOPOLOGY.parameterCount();
        double[][] state = new double[slots][n];
        for (int k = 0; k < slots; k++) {
            int slot = k;
            Arrays.setAll(state[k], i -> Math.sqrt(i + slot) / 3);
        }
        double[] parameters = new double[n];
        Arrays.setAll(parameters, i -> Math.sin(i + iteration));
        double[] best = withBest ? Arrays.stream(parameters).map(x -> -x).toArray() : null;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", 8L);
        settings.put("seed", iteration);
        settings.put("optimizer", "ünïcode \"quoted\"");
        settings.put("clipNorm", Double.POSITIVE_INFINITY);
        return new Checkpoint(
                new ResumeSettings(TOPOLOGY, settings),
                iteration,
                parameters,
                new OptimizerState(rule, iteration, state),
                12.75 + iteration,
                64 * iteration,
                withBest ? 0.25 : Double.NaN,
                withBest ? 2 : 0,
                best,
                List.of(
                        new EpochMetrics(1, 4, 0.5, 0.625, 0.75, 1234.5, 0.25, 0.5, new long[][] {{3, 1}, {0, 4}}),
                        new EpochMetrics(2, 8, 0.375, Double.NaN, Double.NaN, 1500, 0.2, 0.7, null)));
    }

    static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.topology(), actual.topology());
        assertEquals(expected.settings(), actual.settings());
        assertEquals(expected.iteration(), actual.iteration());
        assertEquals(expected.epochLossSum(), actual.epochLossSum());
        assertEquals(expected.epochRows(), actual.epochRows());
        assertArrayEquals(expected.parameters(), actual.parameters());
        assertEquals(expected.optimizer().rule(), actual.optimizer().rule());
        assertEquals(expected.optimizer().iterations(), actual.optimizer().iterations());
        assertArrayEquals(expected.optimizer().slots(), actual.optimizer().slots());
        assertEquals(Double.doubleToRawLongBits(expected.bestLoss()), Double.doubleToRawLongBits(actual.bestLoss()));
        assertEquals(expected.badEpochs(), actual.badEpochs());
        assertArrayEquals(expected.bestParameters(), actual.bestParameters());
        assertEquals(expected.history(), actual.history());
    }

    private CheckpointStore store() {
        return new CheckpointStore(new Path(dir.toUri()), CONF);
    }

    private void damage(String name) throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    private List<String> checkpointFiles() throws IOException {
        return list().stream().filter(name -> name.startsWith("checkpoint-")).toList();
    }

    private List<String> list() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
