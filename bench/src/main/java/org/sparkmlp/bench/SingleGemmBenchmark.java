package org.sparkmlp.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * One large square-ish GEMM, (1024 × 784)·(784 × 256): the headline FLOP rate of a backend, in FP64 ({@code dgemm})
 * and FP32 ({@code sgemm}).
 */
public class SingleGemmBenchmark extends KernelBenchmark {
    static final Gemm SHAPE = new Gemm("N", "N", 1024, 256, 784, 0.0);

    private BLAS blas;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] a32;
    private float[] b32;
    private float[] c32;

    @Setup
    public void setUp() {
        blas = blas();
        SplittableRandom random = new SplittableRandom(1);
        a = random.doubles((long) SHAPE.m() * SHAPE.k()).toArray();
        b = random.doubles((long) SHAPE.k() * SHAPE.n()).toArray();
        c = new double[SHAPE.m() * SHAPE.n()];
        a32 = narrow(a);
        b32 = narrow(b);
        c32 = new float[c.length];
    }

    static float[] narrow(double[] values) {
        float[] narrowed = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            narrowed[k] = (float) values[k];
        }
        return narrowed;
    }

    @Benchmark
    public void gemm() {
        blas.dgemm(
                SHAPE.transA(),
                SHAPE.transB(),
                SHAPE.m(),
                SHAPE.n(),
                SHAPE.k(),
                1.0,
                a,
                0,
                SHAPE.lda(),
                b,
                0,
                SHAPE.ldb(),
                SHAPE.beta(),
                c,
                0,
                SHAPE.m());
    }

    @Benchmark
    public void sgemm() {
        // spotless:off
        blas.sgemm(SHAPE.transA(), SHAPE.transB(), SHAPE.m(), SHAPE.n(), SHAPE.k(), 1.0f, a32, 0, SHAPE.lda(),
                b32, 0, SHAPE.ldb(), (float) SHAPE.beta(), c32, 0, SHAPE.m());
        // spotless:on
    }
}
