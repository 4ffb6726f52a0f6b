package org.sparkmlp.bench;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Float32Backpropagation;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;

/**
 * One {@link Backpropagation#accumulateGradient} (forward + backward) of {@link PassGemms#MLP} on random
 * inputs in [0, 1) and random labels, and the same in FP32 ({@link Float32Backpropagation}) on the same values
 * rounded to FP32.
 */
public class BackpropBenchmark extends KernelBenchmark {
    @Param({"128", "1024"})
    public int batch;

    private Backpropagation backprop;
    private double[] w;
    private double[] x;
    private Targets labels;
    private GradientSum sum;
    private Float32Backpropagation backprop32;
    private float[] w32;
    private float[] x32;

    @Setup
    public void setUp() {
        Topology topology = PassGemms.MLP;
        backprop = new Backpropagation(topology, blas());
        w = Initializer.initialize(topology, 1);
        SplittableRandom random = new SplittableRandom(1);
        x = random.doubles((long) topology.inputSize() * batch).toArray();
        labels = Targets.classes(random.ints(batch, 0, topology.outputSize()).toArray());
        sum = new GradientSum(topology.parameterCount());
        backprop32 = new Float32Backpropagation(topology, blas());
        w32 = SingleGemmBenchmark.narrow(w);
        x32 = SingleGemmBenchmark.narrow(x);
    }

    /** The sum is not reset between calls (a trainer's per-step reset is a separate fill), only accumulated into. */
    @Benchmark
    public void accumulateGradient() {
        backprop.accumulateGradient(w, x, 0, labels, 0, batch, sum);
    }

    @Benchmark
    public void accumulateGradientFloat32() {
        backprop32.accumulateGradient(w32, x32, 0, labels, 0, batch, sum);
    }
}
