package org.sparkmlp.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sparkmlp.core.linalg.Blas;

/**
 * Settings every kernel benchmark shares: throughput in ops/s, one fork with the Vector API and OpenBLAS
 * available, and the {@code backend} parameter choosing the BLAS.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class KernelBenchmark {
    /** {@code native}: {@link Blas#get()}, which must be native; {@code java}: {@link Blas#java()}. */
    @Param({"native", "java"})
    public String backend;

    /** The chosen BLAS; fails rather than report Java numbers under the name "native". */
    protected BLAS blas() {
        BLAS blas = switch (backend) {
            case "native" -> Blas.get();
            case "java" -> Blas.java();
            default -> throw new IllegalArgumentException("backend must be native or java, got " + backend);
        };
        if (backend.equals("native") && !(blas instanceof NativeBLAS)) {
            throw new IllegalStateException("no native BLAS could be loaded; got " + Blas.describe(blas));
        }
        // into the JMH log: "java" may be VectorBLAS or the much slower F2J, depending on the JVM flags
        System.out.println("BLAS: " + Blas.describe(blas));
        return blas;
    }
}
