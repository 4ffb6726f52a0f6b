package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.Sgd;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;

class TrainerTest {

    @Test
    void learnsXor() {
        DenseDataset xor = new DenseDataset(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, new int[] {0, 1, 1, 0}, 2);
        Topology topology = Topology.parse("2-4-2", Activation.TANH, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        Optimizer sgd = Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(0.5))
                .build(w.length);
        List<EpochResult> history =
                new Trainer(topology, sgd, new TrainingConfig(4, 2000, Shuffle.NONE, 0)).train(w, xor, xor, r -> {});

        EpochResult last = history.get(history.size() - 1);
        assertEquals(2000, history.size());
        assertEquals(2000, last.iterations());
        assertEquals(1.0, last.evalAccuracy());
        assertTrue(last.evalLoss() < 0.05, "XOR loss " + last.evalLoss());
    }

    /** Identity output + quadratic cost on real, two-wide targets recovers a linear map, shuffled minibatches. */
    @Test
    void regressionWithRealTargetsLearnsALinearMap() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 64;
        double[] x = random.doubles(n * 3L, -1, 1).toArray();
        double[] y = new double[n * 2];
        for (int r = 0; r < n; r++) {
            y[2 * r] = 2 * x[3 * r] - x[3 * r + 1] + 0.5;
            y[2 * r + 1] = -3 * x[3 * r + 2] + 10;
        }
        DenseDataset data = new DenseDataset(x, Targets.values(y, 2), 3);
        Topology topology = Topology.parse("3-2", Activation.IDENTITY, Activation.IDENTITY, Cost.QUADRATIC);
        double[] w = Initializer.initialize(topology, 3);
        Optimizer sgd = Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(0.1))
                .build(w.length);
        List<EpochResult> history =
                new Trainer(topology, sgd, new TrainingConfig(8, 300, Shuffle.EPOCH, 4)).train(w, data, data, r -> {});

        EpochResult last = history.get(history.size() - 1);
        assertTrue(last.evalLoss() < 1e-12, "mean cost " + last.evalLoss());
        assertTrue(Double.isNaN(last.evalAccuracy()));
        // W(1) column-major: row 0 = (2, −1, 0), row 1 = (0, 0, −3); b(1) = (0.5, 10)
        assertArrayEquals(new double[] {2, 0, -1, 0, 0, -3, 0.5, 10}, w, 1e-6);
    }

    /** The trainer against an independent loop: per-example gradients, summed and averaged by hand. */
    @Test
    void followsTheScheduleExactly() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 23;
        DenseDataset data = new DenseDataset(
                random.doubles(n * 5L, -1, 1).toArray(), random.ints(n, 0, 3).toArray(), 5);
        Topology topology = Topology.parse("5-4-3", Activation.SIGMOID, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        for (Shuffle shuffle : Shuffle.values()) {
            TrainingConfig config = new TrainingConfig(5, 3, shuffle, 11);
            double[] trained = Initializer.initialize(topology, 2);
            double[] expected = trained.clone();
            new Trainer(
                            topology,
                            Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(0.3))
                                    .build(trained.length),
                            config)
                    .train(trained, data, null, r -> {});

            Backpropagation backprop = new Backpropagation(topology);
            MinibatchSchedule schedule = config.scheduleFor(n);
            for (int epoch = 0; epoch < 3; epoch++) {
                EpochOrder order = schedule.order(epoch);
                for (long t = 0; t < schedule.iterationsPerEpoch(); t++) {
                    GradientSum sum = new GradientSum(expected.length);
                    for (int c = 0; c < schedule.batchLength(t); c++) {
                        int row = (int) order.rowAt(schedule.batchStart(t) + c);
                        backprop.accumulateGradient(expected, data.features(), row * 5, data.targets(), row, 1, sum);
                    }
                    for (int k = 0; k < expected.length; k++) {
                        expected[k] -= 0.3 * sum.gradient()[k] / sum.count();
                    }
                }
            }
            assertArrayEquals(expected, trained, 1e-12, shuffle.toString());
        }
    }

    @Test
    void sameSeedGivesTheSameWeightsAndAnotherSeedDoesNot() {
        SplittableRandom random = new SplittableRandom(4);
        DenseDataset data = new DenseDataset(
                random.doubles(50 * 3L, -1, 1).toArray(), random.ints(50, 0, 2).toArray(), 3);
        Topology topology = Topology.parse("3-5-2", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] a = train(topology, data, 1);
        assertArrayEquals(a, train(topology, data, 1), 0.0);
        double[] b = train(topology, data, 2);
        assertTrue(!java.util.Arrays.equals(a, b));
    }

    private static double[] train(Topology topology, DenseDataset data, long seed) {
        double[] w = Initializer.initialize(topology, 0);
        Optimizer momentum = Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.05))
                .build(w.length);
        new Trainer(topology, momentum, new TrainingConfig(8, 2, Shuffle.EPOCH, seed)).train(w, data, null, r -> {});
        return w;
    }

    /** Fashion-MNIST images (half their pixels are 0) stored dense and as CSR rows train to the same weights. */
    @Test
    void sparseRowsTrainTheSameWeightsAsTheSameRowsDense() throws java.io.IOException {
        java.nio.file.Path images = java.nio.file.Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");
        DenseDataset dense = IdxReader.read(images, IdxReader.labelsBeside(images));
        DenseDataset train = dense.head(600);
        SparseDataset sparseTrain = SparseDataset.of(train);
        SparseDataset sparseEval = SparseDataset.of(dense.head(200));
        Topology topology = Topology.parse("784-32-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        for (Shuffle shuffle : Shuffle.values()) {
            TrainingConfig config = new TrainingConfig(32, 3, shuffle, 5);
            double[] fromDense = Initializer.initialize(topology, 6);
            double[] fromSparse = fromDense.clone();
            List<EpochResult> denseHistory = new Trainer(topology, momentum(fromDense.length), config)
                    .train(fromDense, train, dense.head(200), r -> {});
            List<EpochResult> sparseHistory = new Trainer(topology, momentum(fromSparse.length), config)
                    .train(fromSparse, sparseTrain, sparseEval, r -> {});
            assertArrayEquals(fromDense, fromSparse, 1e-9, shuffle.toString());
            assertEquals(
                    denseHistory.get(2).evalAccuracy(), sparseHistory.get(2).evalAccuracy());
            assertTrue(
                    sparseHistory.get(2).evalAccuracy() > 0.6,
                    "accuracy " + sparseHistory.get(2).evalAccuracy());
        }
    }

    private static Optimizer momentum(int parameters) {
        return Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.01))
                .build(parameters);
    }

    @Test
    void datasetsThatDoNotFitTheNetworkAreRefused() {
        Topology topology = Topology.parse("2-2", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        Trainer trainer = new Trainer(
                topology,
                Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(0.1))
                        .build(topology.parameterCount()),
                new TrainingConfig(2, 1, Shuffle.NONE, 0));
        double[] w = new double[topology.parameterCount()];

        DenseDataset threeFeatures = new DenseDataset(new double[6], new int[2], 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> trainer.train(w, threeFeatures, null, r -> {}));
        assertEquals("the training set has 3 features per example but the network 2-2 takes 2", e.getMessage());

        DenseDataset badLabel = new DenseDataset(new double[6], new int[] {0, 1, 2}, 2);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(w, badLabel, null, r -> {}));
        assertEquals(
                "example 2 of the training set has label 2, outside the network's 2 classes [0, 2)", e.getMessage());

        DenseDataset nan = new DenseDataset(new double[] {0, 0, 0, Double.NaN}, new int[] {0, 1}, 2);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(w, nan, null, r -> {}));
        assertEquals("example 1 of the training set has a non-finite feature NaN at index 1", e.getMessage());

        SparseDataset sparseNan =
                SparseDataset.of(new DenseDataset(new double[] {0, 0, 0, Double.NaN}, new int[] {0, 1}, 2));
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(w, sparseNan, null, r -> {}));
        assertEquals("example 1 of the training set has a non-finite feature NaN at index 1", e.getMessage());
        SparseDataset sparseWide = SparseDataset.of(threeFeatures);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(w, sparseWide, null, r -> {}));
        assertEquals("the training set has 3 features per example but the network 2-2 takes 2", e.getMessage());
    }

    @Test
    void divergenceStopsTrainingWithAClearMessage() {
        DenseDataset data = new DenseDataset(new double[] {1e200, -1e200}, new int[] {0, 1}, 1);
        Topology topology = Topology.parse("1-2", Activation.IDENTITY, Activation.IDENTITY, Cost.QUADRATIC);
        double[] w = {1e200, 1e200, 0, 0};
        Trainer trainer = new Trainer(
                topology,
                Optimizer.builder(new Sgd(), new LearningRateSchedule.Constant(1e200))
                        .build(w.length),
                new TrainingConfig(1, 5, Shuffle.NONE, 0));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> trainer.train(w, data, null, r -> {}));
        assertTrue(e.getMessage().startsWith("training cost became"), e.getMessage());
    }
}
