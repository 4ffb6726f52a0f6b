package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule.CosineDecay;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.OptimizerState;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.TrainingConfig;

/**
 * A checkpoint of the current format, committed as {@value #FIXTURE}, stays readable, and today's writer still
 * writes it byte for byte. When the format changes on purpose, add a fixture for the new version beside this one
 * (written from {@link #checkpoint()} by {@link CheckpointFile#write}) and keep this test reading the old one.
 */
class CheckpointFixtureTest {
    private static final String FIXTURE = "checkpoint-format-1.ckpt";
    private static final Configuration CONF = new Configuration();
    private static final Topology TOPOLOGY =
            Topology.parse("4-3-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    private static final TrainingConfig CONFIG = new TrainingConfig(8, 5, Shuffle.EPOCH, 7);
    private static final long ROWS = 40;

    @TempDir
    java.nio.file.Path dir;

    /** An Adam optimizer with every setting a checkpoint records. */
    private static Optimizer optimizer(double beta1) {
        return Optimizer.builder(new Adam(beta1, 0.999, 1e-8), new CosineDecay(0.003, 1e-4, 25))
                .weightDecay(1e-4)
                .clipNorm(5)
                .build(TOPOLOGY.parameterCount());
    }

    /**
     * What the fixture holds: a mid-epoch checkpoint after three iterations, with one epoch's metrics. The arrays
     * hold dyadic fractions, which every platform computes exactly.
     */
    static Checkpoint checkpoint() {
        int n = TOPOLOGY.parameterCount();
        double[] w = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = k / 8.0 - 1;
            m[k] = (k % 5 - 2) / 64.0;
            v[k] = k / 1024.0;
        }
        return new Checkpoint(
                ResumeSettings.of(TOPOLOGY, ROWS, CONFIG, optimizer(0.9)),
                3,
                w,
                new OptimizerState("adam", 3, new double[][] {m, v}),
                1.875,
                24,
                0.4375,
                0,
                m.clone(),
                List.of(new EpochMetrics(
                        1, 5, 0.6875, 0.4375, 0.75, 1250.5, 0.03125, 0.03125, new long[][] {{3, 1}, {1, 3}})));
    }

    private static Path fixture() throws URISyntaxException {
        return new Path(CheckpointFixtureTest.class.getResource(FIXTURE).toURI());
    }

    @Test
    void theCommittedCheckpointIsReadWithEveryField() throws Exception {
        CheckpointStoreTest.assertSame(checkpoint(), CheckpointFile.read(fixture(), CONF));
    }

    @Test
    void todaysWriterWritesTheCommittedCheckpointByteForByte() throws Exception {
        Path written = new Path(dir.toUri().toString(), FIXTURE);
        CheckpointFile.write(checkpoint(), written, CONF);
        assertArrayEquals(
                Files.readAllBytes(java.nio.file.Path.of(fixture().toUri())),
                Files.readAllBytes(dir.resolve(FIXTURE)),
                "the checkpoint format changed: add a fixture for the new version and keep reading this one");
    }

    @Test
    void aRunWithTheSameSettingsMayResumeItAndARunWithAnotherBetaMayNot() throws IOException, URISyntaxException {
        ResumeSettings saved = CheckpointFile.read(fixture(), CONF).settings();
        assertDoesNotThrow(() -> saved.requireResumableBy(ResumeSettings.of(TOPOLOGY, ROWS, CONFIG, optimizer(0.9))));
        // epochs may change on resume: they are not a resume setting
        assertDoesNotThrow(() -> saved.requireResumableBy(
                ResumeSettings.of(TOPOLOGY, ROWS, new TrainingConfig(8, 9, Shuffle.EPOCH, 7), optimizer(0.9))));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> saved.requireResumableBy(ResumeSettings.of(TOPOLOGY, ROWS, CONFIG, optimizer(0.8))));
        assertTrue(e.getMessage().contains("optimizer.beta1 0.9 in the checkpoint, 0.8 in this run"), e.getMessage());

        Topology wider = Topology.parse("4-5-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> saved.requireResumableBy(ResumeSettings.of(wider, ROWS, CONFIG, optimizer(0.9))));
        assertTrue(e.getMessage().contains("layers 4-3-2 in the checkpoint, 4-5-2 in this run"), e.getMessage());
    }
}
