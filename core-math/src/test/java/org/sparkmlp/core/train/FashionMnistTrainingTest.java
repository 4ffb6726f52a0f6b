package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.Sgd;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;

/** Training on the real Fashion-MNIST files (Debian package dataset-fashion-mnist). */
@Tag("fashion")
class FashionMnistTrainingTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static DenseDataset train;
    static DenseDataset test;

    @BeforeAll
    static void read() throws IOException {
        Path images = DIR.resolve("train-images-idx3-ubyte.gz");
        assertTrue(Files.exists(images), "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist");
        train = IdxReader.read(images, IdxReader.labelsBeside(images));
        Path testImages = DIR.resolve("t10k-images-idx3-ubyte.gz");
        test = IdxReader.read(testImages, IdxReader.labelsBeside(testImages));
    }

    /**
     * The original design's configuration: 784-15-10, sigmoid, quadratic cost, sequential batches of 10, μ = 3.0.
     * Its accuracy after one epoch varies with the initial weights (0.71–0.80 over seeds 1–5), so three
     * seeds must each clear the bar.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void seedConfigurationReachesSeventyPercentInOneEpoch(long seed) {
        Topology topology = Topology.parse("784-15-10", Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC);
        double[] w = Initializer.initialize(topology, seed);
        Optimizer sgd = Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(3.0))
                .build(w.length);
        List<EpochResult> history = new Trainer(topology, sgd, new TrainingConfig(10, 1, Shuffle.NONE, seed))
                .train(w, train, test, System.out::println);
        double accuracy = history.get(0).evalAccuracy();
        assertTrue(accuracy > 0.70, "test accuracy " + accuracy);
    }

    /** The reference network: 784-256-128-10, ReLU, softmax + cross-entropy, momentum. */
    @Test
    void referenceNetworkReachesEightyFourPercentWithinFiveEpochs() {
        Topology topology = Topology.parse("784-256-128-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        Optimizer momentum = Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.01))
                .build(w.length);
        List<EpochResult> history = new Trainer(topology, momentum, new TrainingConfig(64, 5, Shuffle.EPOCH, 1))
                .train(w, train, test, System.out::println);
        double best =
                history.stream().mapToDouble(EpochResult::evalAccuracy).max().orElseThrow();
        assertTrue(best > 0.84, "best test accuracy " + best);
    }
}
