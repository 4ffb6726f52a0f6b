package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Z(l−1), the input of a weight layer over a minibatch of B examples, in the two products backpropagation takes
 * of it: stored densely (a column-major n(l−1) × B matrix: every hidden layer, and dense features) or as the rows
 * of a {@link CsrMatrix} (sparse features, the first layer only). Instances are reusable views that
 * {@link Backpropagation} points at each call's data, so the hot path allocates nothing.
 */
abstract sealed class LayerInput {
    /** A ← A + W Z, W being the m × n(l−1) matrix column-major from {@code w[wOffset]}, A m × B. */
    abstract void addProduct(BLAS blas, double[] w, int wOffset, int m, int batch, double[] a);

    /** G ← G + Δ Zᵀ, Δ being m × B and G the m × n(l−1) matrix column-major from {@code g[gOffset]}. */
    abstract void addTransposedProduct(BLAS blas, double[] delta, int m, int batch, double[] g, int gOffset);

    /** A column-major n × B matrix from {@code z[offset]}: one GEMM per product. */
    static final class Dense extends LayerInput {
        private final int n;
        private double[] z;
        private int offset;

        Dense(int n) {
            this.n = n;
        }

        Dense at(double[] z, int offset) {
            this.z = z;
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
    }

    /** Rows [from, from + B) of a {@link CsrMatrix}: O(non-zeros × m) per product. */
    static final class Sparse extends LayerInput {
        private CsrMatrix x;
        private int from;

        Sparse at(CsrMatrix x, int from) {
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
    }
}
