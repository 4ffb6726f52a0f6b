package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;

/**
 * The sparse first layer against the dense one on the same rows: Fashion-MNIST images, half of whose pixels are
 * 0, stored dense and as CSR.
 */
class SparseBackpropagationTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");
    private static DenseDataset dense;
    private static SparseDataset sparse;

    @BeforeAll
    static void read() throws IOException {
        dense = IdxReader.read(SAMPLE, IdxReader.labelsBeside(SAMPLE)).head(300);
        sparse = SparseDataset.of(dense);
        double density = (double) sparse.features().nonZeros() / (300.0 * 784);
        assertTrue(density > 0.3 && density < 0.7, "density " + density);
    }

    @Test
    void denseAndSparseRowsGiveTheSameGradientAndOutputs() {
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.TANH}) {
            Topology topology = Topology.parse("784-32-16-10", hidden, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
            double[] w = Initializer.initialize(topology, 3);
            Backpropagation backprop = new Backpropagation(topology);
            int from = 17;
            int batch = 64;
            GradientSum fromDense = new GradientSum(w.length);
            backprop.accumulateGradient(w, dense.features(), from * 784, dense.targets(), from, batch, fromDense);
            GradientSum fromSparse = new GradientSum(w.length);
            backprop.accumulateGradient(
                    w, sparse.features(), from, Targets.classes(sparse.labels()), from, batch, fromSparse);

            assertEquals(batch, fromSparse.count());
            assertEquals(fromDense.lossSum(), fromSparse.lossSum(), 1e-12 * fromDense.lossSum());
            assertArrayEquals(fromDense.gradient(), fromSparse.gradient(), 1e-12, hidden.toString());
            double[] denseOut =
                    backprop.forward(w, dense.features(), from * 784, batch).clone();
            double[] sparseOut = backprop.forward(w, sparse.features(), from, batch);
            assertArrayEquals(denseOut, java.util.Arrays.copyOf(sparseOut, denseOut.length), 1e-12);
        }
    }

    /**
     * FP32 compute on the same rows, dense and CSR. The two differ only in FP32 rounding: A(1)'s entries are sums of
     * ~390 (CSR) or 784 (dense) FP32 products in different orders, and the dense ∂C/∂W(1) sums 64 products in FP32
     * where CSR sums them in FP64; each entry is off by a few u of its terms' magnitudes (u = 2^−24; √k·u for random
     * rounding), carried through two more layers. 16·u (9.5e−7) of the gradient's norm covers that (measured: 2.2·u);
     * a wrong product (a column missed, an index off by one) is off by orders of magnitude more.
     */
    @Test
    void float32DenseAndSparseRowsAgreeWithinFloat32Rounding() {
        Topology topology = Topology.parse("784-32-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        float[] w = Float32.narrow(Initializer.initialize(topology, 3));
        float[] x = Float32.narrow(dense.features());
        Float32Backpropagation backprop = new Float32Backpropagation(topology);
        int from = 17;
        int batch = 64;
        GradientSum fromDense = new GradientSum(w.length);
        backprop.accumulateGradient(w, x, from * 784, dense.targets(), from, batch, fromDense);
        GradientSum fromSparse = new GradientSum(w.length);
        backprop.accumulateGradient(
                w, sparse.features(), from, Targets.classes(sparse.labels()), from, batch, fromSparse);

        double u = 0x1p-24;
        assertEquals(batch, fromSparse.count());
        assertEquals(fromDense.lossSum(), fromSparse.lossSum(), 16 * u * fromDense.lossSum());
        double relative = L2.distance(fromDense.gradient(), fromSparse.gradient()) / L2.norm(fromDense.gradient());
        assertTrue(relative < 16 * u, "relative difference " + relative + " = " + relative / u + " u");
        double[] denseOut = backprop.forward(w, x, from * 784, batch).clone();
        double[] sparseOut = backprop.forward(w, sparse.features(), from, batch);
        assertArrayEquals(denseOut, java.util.Arrays.copyOf(sparseOut, denseOut.length), 16 * u);
    }

    @Test
    void onlyTheColumnsOfFeaturesPresentHaveAFirstLayerGradient() {
        Topology topology = Topology.parse("784-8-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 4);
        CsrMatrix x = new CsrMatrix(784);
        x.appendRow(new int[] {5, 700}, new double[] {0.5, 1.0}, 0, 2);
        GradientSum sum = new GradientSum(w.length);
        new Backpropagation(topology).accumulateGradient(w, x, 0, Targets.classes(new int[] {3}), 0, 1, sum);
        int w1 = topology.layout().weightOffset(1);
        for (int j = 0; j < 784; j++) {
            double column = 0;
            for (int i = 0; i < 8; i++) {
                column += Math.abs(sum.gradient()[w1 + j * 8 + i]);
            }
            assertEquals(j == 5 || j == 700, column > 0, "column " + j);
        }
    }

    @Test
    void rowsOfAnotherWidthAreRefused() {
        Topology topology = Topology.parse("784-8-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new Backpropagation(topology)
                        .forward(Initializer.initialize(topology, 1), new CsrMatrix(783), 0, 0));
        assertEquals("rows of 783 features cannot enter 784-8-10, which takes 784", e.getMessage());
    }

    @Test
    void sparseGradientCallsAllocateNothingAfterWarmUpInEitherPrecision() {
        assumeTrue(Blas.get() instanceof NativeBLAS, "native BLAS is not loaded: apt-get install libopenblas0-pthread");
        Topology topology = Topology.parse("784-64-32-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = new GradientSum(w.length);
        Targets labels = Targets.classes(sparse.labels());
        for (int i = 0; i < 200; i++) {
            sum.reset();
            backprop.accumulateGradient(w, sparse.features(), 0, labels, 0, 128, sum);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int calls = 50;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sum.reset();
            backprop.accumulateGradient(w, sparse.features(), 0, labels, 0, 128, sum);
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        assertTrue(perCall < 256, perCall + " bytes allocated per call");

        Float32Backpropagation backprop32 = new Float32Backpropagation(topology);
        float[] w32 = Float32.narrow(w);
        for (int i = 0; i < 200; i++) {
            sum.reset();
            backprop32.accumulateGradient(w32, sparse.features(), 0, labels, 0, 128, sum);
        }
        before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sum.reset();
            backprop32.accumulateGradient(w32, sparse.features(), 0, labels, 0, 128, sum);
        }
        perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        assertTrue(perCall < 256, perCall + " bytes allocated per FP32 call");
    }
}
