package org.sparkmlp.core.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * The dense-kernel backend every GEMM in the project goes through: netlib's BLAS, which is native
 * OpenBLAS when it can be loaded, else the Java Vector API implementation (needs
 * {@code --add-modules jdk.incubator.vector}), else pure Java.
 *
 * <p>Unless the JVM was started with {@value #NATIVE_LIB_PROPERTY}, the native library asked for is
 * {@value #DEFAULT_NATIVE_LIB} (Debian's {@code libopenblas0-pthread}): netlib's own default,
 * {@code libblas.so.3}, may resolve to the slow reference BLAS. The active backend is logged once.
 */
public final class Blas {
    /** netlib's system property naming the native BLAS shared library. */
    public static final String NATIVE_LIB_PROPERTY = "dev.ludovic.netlib.blas.nativeLib";

    public static final String DEFAULT_NATIVE_LIB = "libopenblas.so.0";

    private static final System.Logger LOG = System.getLogger(Blas.class.getName());

    private Blas() {}

    /** The best available backend. */
    public static BLAS get() {
        return Holder.INSTANCE;
    }

    /** The pure-JVM backend (Vector API when available), for comparisons with the native one. */
    public static BLAS java() {
        return JavaBLAS.getInstance();
    }

    /** A short human-readable name of a backend, e.g. {@code JNIBLAS (native libopenblas.so.0)}. */
    public static String describe(BLAS blas) {
        String name = blas.getClass().getSimpleName();
        return blas instanceof NativeBLAS
                ? name + " (native " + System.getProperty(NATIVE_LIB_PROPERTY, "libblas.so.3")
                        + ", OPENBLAS_NUM_THREADS=" + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset")
                        + ")"
                : name;
    }

    private static final class Holder {
        static final BLAS INSTANCE = load();

        private static BLAS load() {
            if (System.getProperty(NATIVE_LIB_PROPERTY) == null) {
                System.setProperty(NATIVE_LIB_PROPERTY, DEFAULT_NATIVE_LIB);
            }
            BLAS blas = BLAS.getInstance();
            LOG.log(System.Logger.Level.INFO, "BLAS backend: " + describe(blas));
            return blas;
        }
    }
}
