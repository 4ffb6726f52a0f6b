package org.sparkmlp.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** One large square-ish GEMM, (1024 × 784)·(784 × 256): the headline FLOP rate of a backend. */
public class SingleGemmBenchmark extends KernelBenchmark {
    static final Gemm SHAPE = new Gemm("N", "N", 1024, 256, 784, 0.0);

    private BLAS blas;
    private double[] a;
    private double[] b;
    private double[] c;

    @Setup
    public void setUp() {
        blas = blas();
        SplittableRandom random = new SplittableRandom(1);
        a = random.doubles((long) SHAPE.m() * SHAPE.k()).toArray();
        b = random.doubles((long) SHAPE.k() * SHAPE.n()).toArray();
        c = new double[SHAPE.m() * SHAPE.n()];
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
}
