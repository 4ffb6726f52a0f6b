package org.sparkmlp.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;

class ModelFileTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    static Stream<Arguments> topologies() {
        return Stream.of(
                Arguments.of(Topology.parse("4-3", Activation.SOFTMAX, Activation.SOFTMAX, Cost.CROSS_ENTROPY), false),
                Arguments.of(Topology.parse("4-5-3", Activation.RELU, Activation.SIGMOID, Cost.CROSS_ENTROPY), true),
                Arguments.of(Topology.parse("4-6-5-2", Activation.TANH, Activation.IDENTITY, Cost.QUADRATIC), true),
                Arguments.of(
                        new Topology(
                                new int[] {4, 3, 3, 3, 2},
                                new Activation[] {
                                    Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.SOFTMAX
                                },
                                Cost.QUADRATIC),
                        false),
                Arguments.of(
                        Topology.parse("784-256-128-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY),
                        true));
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void roundTripIsBitExact(Topology topology, boolean standardize) throws IOException {
        Random random = new Random(topology.parameterCount());
        double[] parameters = random.doubles(topology.parameterCount(), -3, 3).toArray();
        parameters[0] = -0.0;
        parameters[parameters.length - 1] = Double.longBitsToDouble(0x7ff8_dead_beef_0001L); // NaN with a payload
        if (parameters.length > 2) {
            parameters[1] = Double.MIN_VALUE;
        }
        FeatureScaling scaling = standardize
                ? FeatureScaling.standardize(
                        random.doubles(topology.inputSize()).toArray(),
                        random.doubles(topology.inputSize(), 0, 2).toArray())
                : FeatureScaling.none();
        MlpModel model = new MlpModel(topology, scaling, parameters, Map.of("note", "ok"));
        Path path = path("model.mlp");

        ModelFile.write(model, path, CONF);
        MlpModel read = ModelFile.read(path, CONF);

        assertEquals(topology, read.topology());
        assertEquals(scaling, read.scaling());
        assertArrayEquals(rawBits(parameters), rawBits(read.parameters()));
        assertEquals(model.metadata(), read.metadata());
    }

    /** A regression model is format 2 with its target scaling; a classifier stays format 1, readable by older builds. */
    @Test
    void aRegressionModelKeepsItsTaskAndTargetScalingAsFormatTwo() throws IOException {
        Topology topology = Topology.parse("3-4-2", Activation.TANH, Activation.IDENTITY, Cost.QUADRATIC);
        double[] parameters = new Random(3).doubles(topology.parameterCount()).toArray();
        FeatureScaling targets = FeatureScaling.standardize(new double[] {100, -2}, new double[] {15, 0.5});
        MlpModel model = new MlpModel(topology, FeatureScaling.none(), parameters, Map.of(), Task.REGRESSION, targets);
        Path path = path("regression.mlp");
        ModelFile.write(model, path, CONF);
        MlpModel read = ModelFile.read(path, CONF);
        assertEquals(Task.REGRESSION, read.task());
        assertEquals(targets, read.targetScaling());
        assertArrayEquals(parameters, read.parameters(), 0);
        assertEquals(2, formatOf(path));

        Path classifier = path("classifier.mlp");
        ModelFile.write(new MlpModel(topology, FeatureScaling.none(), parameters, Map.of()), classifier, CONF);
        assertEquals(1, formatOf(classifier));
        assertEquals(Task.CLASSIFICATION, ModelFile.read(classifier, CONF).task());
    }

    private static int formatOf(Path path) throws IOException {
        return java.nio.ByteBuffer.wrap(Files.readAllBytes(java.nio.file.Path.of(path.toUri())), 8, 4)
                .getInt();
    }

    @Test
    void metadataKeepsOrderAndValues() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("trainer", "spark-mlp \"0.1\" – ünïcode");
        metadata.put("epochs", 12);
        metadata.put("iterations", 9_876_543_210L);
        metadata.put("learningRate", 0.1);
        metadata.put("finalLoss", Double.NaN);
        metadata.put("bestLoss", Double.POSITIVE_INFINITY);
        metadata.put("float", 0.5f);
        metadata.put("earlyStopped", true);
        metadata.put("empty", "");
        Path path = path("model.mlp");

        ModelFile.write(model(metadata), path, CONF);
        Map<String, Object> read = ModelFile.read(path, CONF).metadata();

        Map<String, Object> expected = new LinkedHashMap<>(metadata);
        expected.put("epochs", 12L); // integral numbers come back as Long, others as Double
        expected.put("float", 0.5);
        assertEquals(expected, read);
        assertEquals(List.copyOf(metadata.keySet()), List.copyOf(read.keySet()));
    }

    @Test
    void metadataOfOtherTypesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path path = path("model.mlp");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelFile.write(model(Map.of("when", List.of(1, 2))), path, CONF));
        assertTrue(e.getMessage().contains("metadata 'when'"), e.getMessage());
        assertEquals(List.of(), list());
    }

    @Test
    void writeReplacesTheModelAndLeavesNoTemporaryFiles() throws IOException {
        Path path = path("model.mlp");
        ModelFile.write(model(Map.of("version", "old")), path, CONF);
        ModelFile.write(model(Map.of("version", "new")), path, CONF);

        assertEquals("new", ModelFile.read(path, CONF).metadata().get("version"));
        assertEquals(
                List.of(),
                list().stream().filter(name -> name.contains(".tmp-")).toList());
    }

    @Test
    void failedWriteKeepsThePreviousModel() throws IOException {
        Path path = path("model.mlp");
        ModelFile.write(model(Map.of("version", "old")), path, CONF);

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("version", "new");
        bad.put("broken", null);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.write(model(bad), path, CONF));

        assertEquals("old", ModelFile.read(path, CONF).metadata().get("version"));
        assertEquals(
                List.of(),
                list().stream().filter(name -> name.contains(".tmp-")).toList());
    }

    @Test
    void aCheckpointIsNotAModel() throws IOException {
        Path path = path("checkpoint.ckpt");
        CheckpointFile.write(CheckpointStoreTest.checkpoint(7, "sgd", 0, false), path, CONF);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(path, CONF));
        assertEquals(path + ": holds a checkpoint, not a model", e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(java.io.FileNotFoundException.class, () -> ModelFile.read(path("absent.mlp"), CONF));
    }

    static MlpModel model(Map<String, Object> metadata) {
        Topology topology = Topology.parse("3-4-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] parameters = new double[topology.parameterCount()];
        Arrays.setAll(parameters, i -> i / 7.0);
        return new MlpModel(topology, FeatureScaling.none(), parameters, metadata);
    }

    private Path path(String name) {
        return new Path(dir.resolve(name).toUri());
    }

    private List<String> list() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static long[] rawBits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
