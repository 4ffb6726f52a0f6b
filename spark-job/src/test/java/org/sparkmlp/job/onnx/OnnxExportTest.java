package org.sparkmlp.job.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Adam;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.LeastSquares;
import org.sparkmlp.job.SampleModels;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.onnx.proto.OnnxProto.ModelProto;

/**
 * Exported models, run in ONNX Runtime on the bundled Fashion-MNIST sample, against our double-precision forward
 * pass: every hidden activation, both classifier outputs, with and without standardisation; and a regression
 * model's predictions on the RAND health insurance data.
 */
class OnnxExportTest {
    static DenseDataset train;
    static DenseDataset test;

    @BeforeAll
    static void read() throws IOException {
        train = SampleModels.read(true);
        test = SampleModels.read(false);
    }

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (Activation hidden :
                new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.IDENTITY}) {
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
        MlpModel model = SampleModels.trained(
                Topology.parse("784-48-24-10", hidden, output, Cost.CROSS_ENTROPY),
                standardize ? SampleModels.standardisation(train) : FeatureScaling.none(),
                train);
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
                probability[r * classes + k] =
                        output == Activation.SOFTMAX ? z[r * classes + k] : z[r * classes + k] / total;
            }
            correct += prediction[r] == test.labels()[r] ? 1 : 0;
        }
        // a trained model, so that the classes compared are the ones a user would see
        assertTrue(correct > 0.5 * n, "accuracy of the model compared " + (double) correct / n);

        OnnxRuntimeCheck.Outputs onnx =
                OnnxRuntimeCheck.run(OnnxExport.toOnnx(model).toByteArray(), test.features(), n, d);
        double worst = OnnxRuntimeCheck.assertAgrees(onnx, probability, prediction);
        System.out.printf(
                "%s hidden, %s output, standardised %s: max |Δp| %.2e over %d rows%n",
                hidden, output, standardize, worst, n);
    }

    /**
     * A regression network trained (single-process) on the RAND data, with and without standardisation of features
     * and targets: ONNX Runtime's {@code prediction} is our forward pass with the target scaling undone, within
     * 1e-5 of the targets' standard deviation.
     */
    @ParameterizedTest(name = "standardised {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void onnxRuntimeAgreesWithARegressionModelsPredictions(boolean standardize) throws Exception {
        Path randhie = Path.of("..", "data", "randhie");
        LeastSquares.Split data = LeastSquares.read(randhie.resolve("train.csv"), randhie.resolve("test.csv"), "mdvis");
        int d = data.trainX()[0].length;
        double[] x = rowMajor(data.trainX());
        double[] y = data.trainY().clone();
        FeatureScaling scaling = FeatureScaling.none();
        FeatureScaling targets = FeatureScaling.none();
        if (standardize) {
            scaling = FeatureScaling.standardize(mean(x, d), stdDev(x, d));
            targets = FeatureScaling.standardize(mean(y, 1), stdDev(y, 1));
            scaling.applyInPlace(x, 0, y.length, d);
            targets.applyInPlace(y, 0, y.length, 1);
        }
        Topology topology = Topology.parse("9-8-1", Activation.TANH, Activation.IDENTITY, Cost.QUADRATIC);
        double[] w = Initializer.initialize(topology, 5);
        new Trainer(
                        topology,
                        Optimizer.builder(new Adam(0.9, 0.999, 1e-8), new LearningRateSchedule.Constant(0.003))
                                .build(w.length),
                        new TrainingConfig(64, 1, Shuffle.EPOCH, 5))
                .train(w, new DenseDataset(x, Targets.values(y, 1), d), null, epoch -> {});
        MlpModel model = new MlpModel(topology, scaling, w, Map.of(), Task.REGRESSION, targets);

        double[] test = rowMajor(data.testX());
        int n = data.testY().length;
        double[] scaled = test.clone();
        scaling.applyInPlace(scaled, 0, n, d);
        double[] expected =
                new Backpropagation(topology).forward(w, scaled, 0, n).clone();
        targets.invertInPlace(expected, 0, n, 1);
        float[][] onnx = OnnxRuntimeCheck.runRegression(OnnxExport.toOnnx(model).toByteArray(), test, n, d);
        double scale = standardize ? targets.stdDev()[0] : stdDev(data.trainY(), 1)[0];
        double worst = 0;
        for (int r = 0; r < n; r++) {
            worst = Math.max(worst, Math.abs(onnx[r][0] - expected[r]));
        }
        assertTrue(worst <= OnnxRuntimeCheck.TOLERANCE * scale, "max |Δ| " + worst + ", target σ " + scale);
    }

    private static double[] rowMajor(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] mean(double[] x, int d) {
        double[] m = new double[d];
        for (int k = 0; k < x.length; k++) {
            m[k % d] += x[k] / (x.length / d);
        }
        return m;
    }

    private static double[] stdDev(double[] x, int d) {
        double[] m = mean(x, d);
        double[] s = new double[d];
        for (int k = 0; k < x.length; k++) {
            s[k % d] += (x[k] - m[k % d]) * (x[k] - m[k % d]) / (x.length / d);
        }
        for (int i = 0; i < d; i++) {
            s[i] = Math.sqrt(s[i]);
        }
        return s;
    }

    @Test
    void theFileDeclaresItsContractAndIsReplacedWhole(@TempDir Path dir) throws IOException {
        MlpModel model = new MlpModel(
                Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY),
                SampleModels.standardisation(train),
                Initializer.initialize(
                        Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY), 3),
                Map.of("epochs", 2L));
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "an older file");
        OnnxExport.write(model, new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(13, onnx.getOpsetImport(0).getVersion());
        assertEquals(OnnxExport.FEATURES, onnx.getGraph().getInput(0).getName());
        assertEquals(
                784,
                onnx.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(1)
                        .getDimValue());
        assertEquals("probability", onnx.getGraph().getOutput(0).getName());
        assertEquals("prediction", onnx.getGraph().getOutput(1).getName());
        assertEquals("epochs", onnx.getMetadataProps(0).getKey());
        assertEquals("2", onnx.getMetadataProps(0).getValue());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    java.util.List.of(),
                    files.map(f -> f.getFileName().toString())
                            .filter(name -> name.contains(".tmp-"))
                            .toList(),
                    "temporary files left beside it");
        }
    }
}
