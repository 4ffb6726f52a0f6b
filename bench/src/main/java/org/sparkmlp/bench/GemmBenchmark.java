package org.sparkmlp.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The raw GEMM work of one forward + backward pass ({@link PassGemms}) on random matrices: the ceiling
 * {@link BackpropBenchmark} is measured against.
 */
public class GemmBenchmark extends KernelBenchmark {
    @Param({"128", "1024"})
    public int batch;

    private BLAS blas;
    private Gemm[] gemms;
    private double[][] a;
    private double[][] b;
    private double[][] c;

    @Setup
    public void setUp() {
        blas = blas();
        List<Gemm> pass = PassGemms.of(PassGemms.MLP, batch);
        gemms = pass.toArray(Gemm[]::new);
        a = new double[gemms.length][];
        b = new double[gemms.length][];
        c = new double[gemms.length][];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < gemms.length; i++) {
            Gemm g = gemms[i];
            a[i] = random.doubles((long) g.m() * g.k()).toArray();
            b[i] = random.doubles((long) g.k() * g.n()).toArray();
            c[i] = random.doubles((long) g.m() * g.n()).toArray();
        }
    }

    @Benchmark
    public void pass() {
        for (int i = 0; i < gemms.length; i++) {
            Gemm g = gemms[i];
            blas.dgemm(
                    g.transA(),
                    g.transB(),
                    g.m(),
                    g.n(),
                    g.k(),
                    1.0,
                    a[i],
                    0,
                    g.lda(),
                    b[i],
                    0,
                    g.ldb(),
                    g.beta(),
                    c[i],
                    0,
                    g.m());
        }
    }
}
