package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Z(l−1), the input of a weight layer over a minibatch of B examples, in the products backpropagation takes of
 * it: stored densely (a column-major n(l−1) × B matrix: every hidden layer, and dense features) or as the rows of a
 * {@link CsrMatrix} (sparse features, the first layer only). Instances are reusable views that
 * {@link Backpropagation} and {@link Float32Backpropagation} point at each call's data, so the hot path allocates
 * nothing.
 */
abstract sealed class LayerInput {
    /** A ← A + W Z, W being the m × n(l−1) matrix column-major from {@code w[wOffset]}, A m × B. */
    abstract void addProduct(BLAS blas, double[] w, int wOffset, int m, int batch, double[] a);

    /** G ← G + Δ Zᵀ, Δ being m × B and G the m × n(l−1) matrix column-major from {@code g[gOffset]}. */
    abstract void addTransposedProduct(BLAS blas, double[] delta, int m, int batch, double[] g, int gOffset);

    /** {@link #addProduct(BLAS, double[], int, int, int, double[])} in FP32. */
    abstract void addProduct(BLAS blas, float[] w, int wOffset, int m, int batch, float[] a);

    /** Tells a {@link GradientSum#trackingColumns tracking} sum what the first layer's gradient of B examples writes. */
    abstract void markTouched(GradientSum sum, int batch);

    /**
     * A column-major n × B matrix from {@code z[offset]}, of doubles or of floats (whichever it was last pointed
     * at, and the products of that precision): one GEMM per product.
     */
    static final class Dense extends LayerInput {
        private final int n;
        private double[] z;
        private float[] z32;
        private int offset;

        Dense(int n) {
            this.n = n;
        }

        Dense at(double[] z, int offset) {
            this.z = z;
            this.z32 = null;
            this.offset = offset;
            return this;
        }

        Dense at(float[] z, int offset) {
            this.z32 = z;
            this.z = null;
            this.offset = offset;
            return this;
        }

        @Override
        void addProduct(BLAS blas, double[] w, int wOffset, int m, int batch, double[] a) {
            // spotless:off
            blas.dgemm("N", "N", m, batch, n, 1.0, w, wOffset, m, z, offset, n, 1.0, a, 0, m);
            // spotless:on
        }

        @Override
        void addTransposedProduct(BLAS blas, double[] delta, int m, int batch, double[] g, int gOffset) {
            // spotless:off
            blas.dgemm("N", "T", m, n, batch, 1.0, delta, 0, m, z, offset, n, 1.0, g, gOffset, m);
            // spotless:on
        }

        @Override
        void addProduct(BLAS blas, float[] w, int wOffset, int m, int batch, float[] a) {
            // spotless:off
            blas.sgemm("N", "N", m, batch, n, 1.0f, w, wOffset, m, z32, offset, n, 1.0f, a, 0, m);
            // spotless:on
        }

        @Override
        void markTouched(GradientSum sum, int batch) {
            sum.touchAll();
        }

        /** G ← Δ Zᵀ in FP32, overwriting G: FP32 compute stages each call's gradient before summing it in FP64. */
        void transposedProduct(BLAS blas, float[] delta, int m, int batch, float[] g, int gOffset) {
            // spotless:off
            blas.sgemm("N", "T", m, n, batch, 1.0f, delta, 0, m, z32, offset, n, 0.0f, g, gOffset, m);
            // spotless:on
        }
    }

    /** Rows [from, from + B) of a {@link CsrMatrix}: O(non-zeros × m) per product, in either precision. */
    static final class Sparse extends LayerInput {
        private final Topology topology;
        private CsrMatrix x;
        private int from;

        /** A view of rows that enter {@code topology}. */
        Sparse(Topology topology) {
            this.topology = topology;
        }

        /** @throws IllegalArgumentException if {@code x}'s rows are not as wide as the topology's input */
        Sparse at(CsrMatrix x, int from) {
            if (x.columns() != topology.inputSize()) {
                throw new IllegalArgumentException("rows of " + x.columns() + " features cannot enter "
                        + topology.layers() + ", which takes " + topology.inputSize());
            }
            this.x = x;
            this.from = from;
            return this;
        }

        @Override
        void addProduct(BLAS blas, double[] w, int wOffset, int m, int batch, double[] a) {
            x.addProduct(w, wOffset, m, from, batch, a);
        }

        @Override
        void addTransposedProduct(BLAS blas, double[] delta, int m, int batch, double[] g, int gOffset) {
            x.addTransposedProduct(delta, m, from, batch, g, gOffset);
        }

        @Override
        void addProduct(BLAS blas, float[] w, int wOffset, int m, int batch, float[] a) {
            x.addProduct(w, wOffset, m, from, batch, a);
        }

        @Override
        void markTouched(GradientSum sum, int batch) {
            sum.touchColumns(x, from, batch);
        }
    }
}
