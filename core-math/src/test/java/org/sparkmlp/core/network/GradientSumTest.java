package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;

class GradientSumTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");

    /**
     * A tracking sum reused across minibatches as a task's buffer is (sparse rows of Fashion-MNIST, whose border
     * pixels are 0 in most images, then a dense minibatch, then sparse again): after every reset it is all zeros,
     * every sum equals a fresh sum's bit for bit, and the entries it skips are zeros.
     */
    @Test
    void aTrackingSumResetsWhatItTouchedAndSkipsOnlyZeros() throws IOException {
        DenseDataset dense =
                IdxReader.read(SAMPLE, IdxReader.labelsBeside(SAMPLE)).head(40);
        SparseDataset sparse = SparseDataset.of(dense);
        Targets y = Targets.classes(sparse.labels());
        Topology topology = Topology.parse("784-8-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 5);
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum tracking = GradientSum.trackingColumns(topology);
        int batch = 4;
        int skipped = 0;
        for (int from = 0; from < 40; from += batch) {
            tracking.reset();
            assertArrayEquals(new double[w.length], tracking.gradient(), 0.0, "after the reset before row " + from);
            GradientSum fresh = new GradientSum(w.length);
            if (from == 12) {
                backprop.accumulateGradient(w, dense.features(), from * 784, y, from, batch, tracking);
                backprop.accumulateGradient(w, dense.features(), from * 784, y, from, batch, fresh);
            } else {
                backprop.accumulateGradient(w, sparse.features(), from, y, from, batch, tracking);
                backprop.accumulateGradient(w, sparse.features(), from, y, from, batch, fresh);
            }
            assertArrayEquals(fresh.gradient(), tracking.gradient(), 0.0, "rows from " + from);
            for (int k = 0; k < w.length; k = tracking.skipUntouched(k) + 1) {
                for (int j = k; j < tracking.skipUntouched(k); j++, skipped++) {
                    assertEquals(0L, Double.doubleToRawLongBits(tracking.gradient()[j]), "entry " + j);
                }
            }
            assertArrayEquals(
                    fresh.roundToFloat32().gradient(), tracking.roundToFloat32().gradient(), 0.0);
        }
        assertTrue(skipped > 40 * 8 * 10, skipped + " entries skipped");
    }

    @Test
    void aSumRoundedToFloat32AddsInFloat32AndResetMakesItFloat64Again() {
        double third = 1.0 / 3.0;
        GradientSum sum = new GradientSum(new double[] {third, 1.0}, 0.5, 1).roundToFloat32();
        assertTrue(sum.isFloat32());
        assertArrayEquals(new double[] {(float) third, 1.0}, sum.gradient(), 0.0);

        float tiny = 0x1p-30f; // below half an FP32 ulp of 1: FP32 addition drops it, FP64 keeps it
        sum.add(new GradientSum(new double[] {third, tiny}, 0.25, 2).roundToFloat32());
        assertArrayEquals(new double[] {(float) third + (float) third, 1.0}, sum.gradient(), 0.0);
        assertEquals(0.75, sum.lossSum(), 0.0);
        assertEquals(3, sum.count());

        sum.reset();
        assertFalse(sum.isFloat32());
        sum.add(new GradientSum(new double[] {1.0, 1.0}, 0, 1)).add(new GradientSum(new double[] {tiny, 0}, 0, 1));
        assertEquals(1.0 + tiny, sum.gradient()[0], 0.0);
    }
}
