package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule.Constant;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;

/**
 * Seeded random damage to a real model file and a real checkpoint (written after one epoch of Adam on the 2,000
 * test images of the bundled Fashion-MNIST sample): truncations, bit flips, overwritten bytes and runs, appended
 * bytes. Every damaged file must be refused with a {@link ModelFormatException} whose message names it (the
 * checksum covers every byte), and no reader may throw anything else, exhaust memory or hang. A second pass
 * re-seals damaged structure with a valid checksum, so that the parser behind the checksum meets it too: it may
 * then load (a changed digit in the metadata is still a model) but must fail only as a ModelFormatException. The
 * case counts are fixed; the timeouts only catch a hang.
 */
class ParameterFileFuzzTest {
    private static final Configuration CONF = new Configuration();
    private static final java.nio.file.Path SAMPLE = java.nio.file.Path.of("..", "data", "fashion-mnist-sample");
    private static final int DAMAGED_CASES = 2000;
    private static final int RESEALED_CASES = 2000;
    private static final int CHECKSUM = Integer.BYTES;

    @TempDir
    static java.nio.file.Path dir;

    private static byte[] model;
    private static byte[] checkpoint;

    /** Reads one file as its reader does. */
    @FunctionalInterface
    private interface FileReader {
        void read(Path path) throws IOException;
    }

    @BeforeAll
    static void trainAndSave() throws IOException {
        DenseDataset train = IdxReader.read(
                SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"));
        Topology topology = Topology.parse("784-8-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        Optimizer adam = Optimizer.builder(new Adam(), new Constant(0.001)).build(topology.parameterCount());
        double[] w = Initializer.initialize(topology, 7);
        TrainingConfig config = new TrainingConfig(256, 1, Shuffle.EPOCH, 7);
        List<EpochResult> epochs = new Trainer(topology, adam, config).train(w, train, null, epoch -> {});

        double[] mean = new double[topology.inputSize()];
        double[] stdDev = new double[topology.inputSize()];
        Arrays.fill(stdDev, 1);
        Path modelPath = new Path(dir.resolve("model.mlp").toUri());
        ModelFile.write(
                new MlpModel(
                        topology,
                        FeatureScaling.standardize(mean, stdDev),
                        w,
                        Map.of("trainer", "ParameterFileFuzzTest", "epochs", 1)),
                modelPath,
                CONF);
        model = Files.readAllBytes(dir.resolve("model.mlp"));

        long iterations = epochs.get(0).iterations();
        Path checkpointPath = new CheckpointStore(
                        new Path(dir.resolve("checkpoints").toUri()), CONF)
                .write(new Checkpoint(
                        ResumeSettings.of(topology, train.size(), config, adam),
                        iterations,
                        w,
                        adam.state(),
                        epochs.get(0).trainLoss() * train.size(),
                        train.size(),
                        Double.NaN,
                        0,
                        w.clone(),
                        List.of(EpochMetrics.of(epochs.get(0), null, 1.0))));
        checkpoint = Files.readAllBytes(java.nio.file.Path.of(checkpointPath.toUri()));

        // the originals load: what fails below fails because of the damage
        ModelFile.read(modelPath, CONF);
        CheckpointFile.read(checkpointPath, CONF);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyDamagedModelIsRefusedNamingTheFile() throws IOException {
        assertEveryDamageRefused(model, "model.mlp", path -> ModelFile.read(path, CONF), new Random(1));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyDamagedCheckpointIsRefusedNamingTheFile() throws IOException {
        assertEveryDamageRefused(checkpoint, "checkpoint.ckpt", path -> CheckpointFile.read(path, CONF), new Random(2));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void damagedModelStructureBehindAValidChecksumFailsOnlyAsAFormatError() throws IOException {
        assertResealedDamageHandled(model, "resealed.mlp", path -> ModelFile.read(path, CONF), new Random(3));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void damagedCheckpointStructureBehindAValidChecksumFailsOnlyAsAFormatError() throws IOException {
        assertResealedDamageHandled(
                checkpoint, "resealed.ckpt", path -> CheckpointFile.read(path, CONF), new Random(4));
    }

    private static void assertEveryDamageRefused(byte[] original, String name, FileReader reader, Random random)
            throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        Path path = new Path(file.toUri());
        List<String> wrong = new ArrayList<>();
        for (int c = 0; c < DAMAGED_CASES; c++) {
            Damage damage = Damage.random(original, random);
            // written past Hadoop (no .crc beside it), so that only the file's own checksum can notice
            Files.write(file, damage.bytes());
            try {
                reader.read(path);
                wrong.add(damage + ": loaded");
            } catch (ModelFormatException e) {
                if (!e.getMessage().startsWith(path.toString())) {
                    wrong.add(damage + ": the message does not name the file: " + e.getMessage());
                }
            } catch (Throwable e) {
                wrong.add(damage + ": " + e);
            }
        }
        assertEquals(
                List.of(),
                wrong.subList(0, Math.min(10, wrong.size())),
                wrong.size() + " of " + DAMAGED_CASES + " damaged files were not refused as damaged");
    }

    private static void assertResealedDamageHandled(byte[] original, String name, FileReader reader, Random random)
            throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        Path path = new Path(file.toUri());
        List<String> wrong = new ArrayList<>();
        int refused = 0;
        // the prologue, the header and the first array's name and length: where damage changes the structure
        int structure = headerEnd(original) + 64;
        for (int c = 0; c < RESEALED_CASES; c++) {
            Damage damage = Damage.randomIn(original, structure, random);
            Files.write(file, reseal(damage.bytes()));
            try {
                reader.read(path);
            } catch (ModelFormatException e) {
                refused++;
                if (!e.getMessage().startsWith(path.toString())) {
                    wrong.add(damage + ": the message does not name the file: " + e.getMessage());
                }
            } catch (Throwable e) {
                wrong.add(damage + ": " + e);
            }
        }
        assertEquals(
                List.of(),
                wrong.subList(0, Math.min(10, wrong.size())),
                wrong.size() + " of " + RESEALED_CASES + " resealed files failed otherwise than as a format error");
        // most structural damage is caught by the parser's own checks
        assertTrue(refused > RESEALED_CASES / 2, refused + " of " + RESEALED_CASES + " refused");
    }

    /** Where the JSON header ends: after the magic, the format and the header length. */
    private static int headerEnd(byte[] file) {
        return 16 + ByteBuffer.wrap(file, 12, Integer.BYTES).getInt();
    }

    /** Replaces the last four bytes with the CRC32C of all before them, as the writer does. */
    private static byte[] reseal(byte[] damaged) {
        if (damaged.length < CHECKSUM) {
            return damaged;
        }
        CRC32C crc = new CRC32C();
        crc.update(damaged, 0, damaged.length - CHECKSUM);
        ByteBuffer.wrap(damaged, damaged.length - CHECKSUM, CHECKSUM).putInt((int) crc.getValue());
        return damaged;
    }

    /** One damaged copy of a file, with what was done to it. */
    private record Damage(String description, byte[] bytes) {
        static Damage random(byte[] original, Random random) {
            return randomIn(original, original.length, random);
        }

        /** Damage at positions below {@code limit} (a truncation or an append may still change the length). */
        static Damage randomIn(byte[] original, int limit, Random random) {
            byte[] bytes = original.clone();
            switch (random.nextInt(6)) {
                case 0 -> {
                    int length = random.nextBoolean()
                            ? random.nextInt(original.length)
                            : random.nextInt(Math.min(limit, original.length));
                    return new Damage("truncated to " + length + " bytes", Arrays.copyOf(original, length));
                }
                case 1 -> {
                    int at = random.nextInt(limit);
                    int bit = random.nextInt(8);
                    bytes[at] ^= (byte) (1 << bit);
                    return new Damage("bit " + bit + " of byte " + at + " flipped", bytes);
                }
                case 2 -> {
                    int count = 1 + random.nextInt(8);
                    StringBuilder at = new StringBuilder();
                    for (int k = 0; k < count; k++) {
                        int position = random.nextInt(limit);
                        bytes[position] ^= (byte) (1 + random.nextInt(255));
                        at.append(k == 0 ? "" : ",").append(position);
                    }
                    return new Damage("bytes " + at + " changed", bytes);
                }
                case 3 -> {
                    int from = random.nextInt(limit);
                    int to = Math.min(original.length, from + 1 + random.nextInt(64));
                    byte fill = random.nextBoolean() ? 0 : (byte) 0xFF;
                    Arrays.fill(bytes, from, to, fill);
                    boolean changed = !Arrays.equals(bytes, original);
                    if (!changed) {
                        bytes[from] ^= 1;
                    }
                    return new Damage(
                            "bytes " + from + "…" + (to - 1) + " set to " + fill
                                    + (changed ? "" : " and byte " + from + " flipped"),
                            bytes);
                }
                case 4 -> {
                    // a big-endian length field made huge: must not drive an allocation
                    int at = random.nextInt(Math.max(1, Math.min(limit, original.length - 4)));
                    bytes[at] = (byte) (original[at] == 0x7F ? 0x7E : 0x7F);
                    return new Damage("byte " + at + " set to a huge length's first byte", bytes);
                }
                default -> {
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    byte[] longer = Arrays.copyOf(original, original.length + extra.length);
                    System.arraycopy(extra, 0, longer, original.length, extra.length);
                    return new Damage(extra.length + " bytes appended", longer);
                }
            }
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
