package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;

/**
 * The hot path's promise: after warm-up, a gradient call allocates nothing on the heap. Measured with
 * native BLAS: netlib's Java fallback allocates inside its own dgemm (about 2 MB per call here).
 */
class BackpropagationAllocationTest {

    @Test
    void gradientCallsAllocateNothingAfterWarmUp() {
        assumeTrue(Blas.get() instanceof NativeBLAS, "native BLAS is not loaded: apt-get install libopenblas0-pthread");
        Topology topology = Topology.parse("784-64-32-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w = Initializer.initialize(topology, 1);
        SplittableRandom random = new SplittableRandom(1);
        int batch = 128;
        double[] x = random.doubles(784L * batch, 0, 1).toArray();
        Targets labels = Targets.classes(random.ints(batch, 0, 10).toArray());
        Backpropagation backprop = new Backpropagation(topology);
        GradientSum sum = new GradientSum(w.length);
        for (int i = 0; i < 200; i++) {
            sum.reset();
            backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
        }

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int calls = 100;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sum.reset();
            backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        // the buffers alone would be (64 + 32 + 10) × 128 × 3 doubles ≈ 326 KB per call
        assertTrue(perCall < 256, perCall + " bytes allocated per call");
    }

    @Test
    void float32GradientCallsAllocateNothingAfterWarmUp() {
        assumeTrue(Blas.get() instanceof NativeBLAS, "native BLAS is not loaded: apt-get install libopenblas0-pthread");
        Topology topology = Topology.parse("784-64-32-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
        double[] w64 = Initializer.initialize(topology, 1);
        float[] w = new float[w64.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) w64[k];
        }
        SplittableRandom random = new SplittableRandom(1);
        int batch = 128;
        float[] x = new float[784 * batch];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble();
        }
        Targets labels = Targets.classes(random.ints(batch, 0, 10).toArray());
        Float32Backpropagation backprop = new Float32Backpropagation(topology);
        GradientSum sum = new GradientSum(w.length);
        for (int i = 0; i < 200; i++) {
            sum.reset();
            backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
        }

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int calls = 100;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sum.reset();
            backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / calls;
        assertTrue(perCall < 256, perCall + " bytes allocated per call");
    }
}
