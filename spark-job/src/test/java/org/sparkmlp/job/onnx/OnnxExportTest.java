package org.sparkmlp.job.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.onnx.proto.OnnxProto.ModelProto;

/**
 * Exported models, run in ONNX Runtime on the bundled Fashion-MNIST sample, against our double-precision forward
 * pass: every hidden activation, both classifier outputs, with and without standardisation.
 */
class OnnxExportTest {
    static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    static DenseDataset train;
    static DenseDataset test;

    @BeforeAll
    static void read() throws IOException {
        Path images = SAMPLE.resolve("train-images-idx3-ubyte.gz");
        train = IdxReader.read(images, IdxReader.labelsBeside(images));
        Path testImages = SAMPLE.resolve("t10k-images-idx3-ubyte.gz");
        test = IdxReader.read(testImages, IdxReader.labelsBeside(testImages));
    }

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (Activation hidden : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.IDENTITY}) {
            for (Activation output : new Activation[] {Activation.SOFTMAX, Activation.SIGMOID}) {
                all.add(Arguments.of(hidden, output, false));
                all.add(Arguments.of(hidden, output, true));
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, standardised {2}")
    @MethodSource("networks")
    void onnxRuntimeAgreesWithTheForwardPass(Activation hidden, Activation output, boolean standardize)
            throws OrtException {
        MlpModel model = trained(Topology.parse("784-48-24-10", hidden, output, Cost.CROSS_ENTROPY),
                standardize ? standardisation(train) : FeatureScaling.none());
        int n = test.size();
        int d = test.numFeatures();
        int classes = model.topology().outputSize();
        double[] x = test.features().clone();
        model.scaling().applyInPlace(x, 0, n, d);
        double[] z = new Backpropagation(model.topology()).forward(model.parameters(), x, 0, n);
        double[] probability = new double[n * classes];
        int[] prediction = new int[n];
        int correct = 0;
        for (int r = 0; r < n; r++) {
            double total = 0;
            for (int k = 0; k < classes; k++) {
                total += z[r * classes + k];
                prediction[r] = z[r * classes + k] > z[r * classes + prediction[r]] ? k : prediction[r];
            }
            for (int k = 0; k < classes; k++) {
                probability[r * classes + k] = output == Activation.SOFTMAX ? z[r * classes + k]
                        : z[r * classes + k] / total;
            }
            correct += prediction[r] == test.labels()[r] ? 1 : 0;
        }
        // a trained model, so that the classes compared are the ones a user would see
        assertTrue(correct > 0.5 * n, "accuracy of the model compared " + (double) correct / n);

        OnnxRuntimeCheck.Outputs onnx = OnnxRuntimeCheck.run(OnnxExport.toOnnx(model).toByteArray(),
                test.features(), n, d);
        double worst = OnnxRuntimeCheck.assertAgrees(onnx, probability, prediction);
        System.out.printf("%s hidden, %s output, standardised %s: max |Δp| %.2e over %d rows%n", hidden, output,
                standardize, worst, n);
    }

    @Test
    void theFileDeclaresItsContractAndIsReplacedWhole(@TempDir Path dir) throws IOException {
        MlpModel model = new MlpModel(Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX,
                Cost.CROSS_ENTROPY), standardisation(train), Initializer.initialize(
                Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY), 3),
                Map.of("epochs", 2L));
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "an older file");
        OnnxExport.write(model, new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(13, onnx.getOpsetImport(0).getVersion());
        assertEquals(OnnxExport.FEATURES, onnx.getGraph().getInput(0).getName());
        assertEquals(784, onnx.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
        assertEquals("probability", onnx.getGraph().getOutput(0).getName());
        assertEquals("prediction", onnx.getGraph().getOutput(1).getName());
        assertEquals("epochs", onnx.getMetadataProps(0).getKey());
        assertEquals("2", onnx.getMetadataProps(0).getValue());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of(), files.map(f -> f.getFileName().toString())
                    .filter(name -> name.contains(".tmp-")).toList(), "temporary files left beside it");
        }
    }

    /** One epoch of momentum SGD from seeded weights. */
    static MlpModel trained(Topology topology, FeatureScaling scaling) {
        double[] x = train.features().clone();
        scaling.applyInPlace(x, 0, train.size(), train.numFeatures());
        double[] w = Initializer.initialize(topology, 7);
        Optimizer momentum = Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.02))
                .build(w.length);
        new Trainer(topology, momentum, new TrainingConfig(32, 1, Shuffle.EPOCH, 7))
                .train(w, new DenseDataset(x, train.labels(), train.numFeatures()), null, epoch -> { });
        return new MlpModel(topology, scaling, w, Map.of());
    }

    /** The per-feature mean and standard deviation of a data set. */
    static FeatureScaling standardisation(DenseDataset data) {
        int n = data.size();
        int d = data.numFeatures();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += data.features()[r * d + i] / n;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double c = data.features()[r * d + i] - mean[i];
                sd[i] += c * c / n;
            }
        }
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i]);
        }
        return FeatureScaling.standardize(mean, sd);
    }
}
