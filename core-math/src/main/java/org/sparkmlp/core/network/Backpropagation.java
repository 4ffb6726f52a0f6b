package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Forward and backward passes of a {@link Topology} over a minibatch, with reusable buffers.
 *
 * <p>A minibatch of B examples is the column-major n(0) × B matrix Z(0) whose column c is example c
 * (exactly a run of B rows of a {@link org.sparkmlp.core.data.DenseDataset}), or B rows of a {@link CsrMatrix}.
 * Per layer, one GEMM each:
 * <pre>
 *   forward    A(l) = W(l) Z(l−1) + b(l) 1ᵀ,   Z(l) = h(l)(A(l))
 *   output     Δ(L) = ∂C/∂A(L)                      (see {@link Cost})
 *   backward   Δ(l−1) = h′(A(l−1)) ⊙ (W(l)ᵀ Δ(l))
 *   gradient   ∂C/∂W(l) += Δ(l) Z(l−1)ᵀ,   ∂C/∂b(l) += Δ(l) 1
 * </pre>
 * With sparse features the first layer's two products, W(1) X and Δ(1) Xᵀ, run over the non-zeros of X instead
 * (see {@code LayerInput}); every other step is the same code.
 * Buffers grow to the largest batch seen and are then reused: after warm-up a call allocates nothing.
 * An instance is not thread-safe; use one per thread.
 */
public final class Backpropagation extends MinibatchPass {
    public Backpropagation(Topology topology) {
        this(topology, Blas.get());
    }

    public Backpropagation(Topology topology, BLAS blas) {
        super(topology, blas, false);
    }

    /**
     * Adds Σ ∂C/∂w, the summed cost and the example count of the minibatch to {@code sum}.
     *
     * @param w        parameters, in the {@link ParameterLayout}
     * @param x        features; the batch is {@code x[xOffset .. xOffset + n(0) * batch)}
     * @param y        targets; the batch's are examples {@code yOffset .. yOffset + batch} of {@code y}
     * @param batch    number of examples B
     */
    public void accumulateGradient(
            double[] w, double[] x, int xOffset, Targets y, int yOffset, int batch, GradientSum sum) {
        accumulateGradient(w, denseFeatures.at(x, xOffset), y, yOffset, batch, sum);
    }

    /**
     * {@link #accumulateGradient(double[], double[], int, Targets, int, int, GradientSum)} for sparse features: the
     * batch is rows {@code [fromRow, fromRow + batch)} of {@code x}. The first layer's products cost
     * O(non-zeros × n(1)); ∂C/∂W(1) changes only in the columns of the features present.
     */
    public void accumulateGradient(
            double[] w, CsrMatrix x, int fromRow, Targets y, int yOffset, int batch, GradientSum sum) {
        accumulateGradient(w, sparseFeatures.at(x, fromRow), y, yOffset, batch, sum);
    }

    private void accumulateGradient(double[] w, LayerInput x, Targets y, int yOffset, int batch, GradientSum sum) {
        checkGradientArguments(sum, y);
        int nL = topology.outputSize();
        x.markTouched(sum, batch); // first: if this call fails midway, a reset still zeroes what it wrote
        forward(w, x, batch);
        double loss = topology.cost()
                .delta(topology.activation(depth), a[depth], z[depth], y, yOffset, nL, batch, delta[depth]);
        double[] g = sum.gradient();
        for (int l = depth; l >= 1; l--) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            LayerInput zPrev = l == 1 ? x : hidden[l - 1];
            // ∂C/∂W(l) += Δ(l) Z(l−1)ᵀ
            zPrev.addTransposedProduct(blas, delta[l], rows, batch, g, layout.weightOffset(l));
            // BLAS calls keep their hand-wrapped argument lists (the formatter would put each argument on a line)
            // spotless:off
            // ∂C/∂b(l) += Δ(l) 1
            blas.dgemv("N", rows, batch, 1.0, delta[l], 0, rows, buffers.ones(), 0, 1,
                    1.0, g, layout.biasOffset(l), 1);
            if (l > 1) {
                // Δ(l−1) = h′(A(l−1)) ⊙ (W(l)ᵀ Δ(l))
                blas.dgemm("T", "N", cols, batch, rows, 1.0, w, layout.weightOffset(l), rows, delta[l], 0, rows,
                        0.0, delta[l - 1], 0, cols);
                // spotless:on
                topology.activation(l - 1).backpropagate(a[l - 1], z[l - 1], delta[l - 1], cols, batch);
            }
        }
        sum.addLoss(loss, batch);
    }

    /**
     * Runs the forward pass and returns Z(L), the n(L) × B output matrix (column c is example c's
     * output). The returned array is a reused buffer, valid until the next call, and may be longer
     * than n(L) × B.
     */
    public double[] forward(double[] w, double[] x, int xOffset, int batch) {
        return forward(w, denseFeatures.at(x, xOffset), batch);
    }

    /** {@link #forward(double[], double[], int, int)} for rows {@code [fromRow, fromRow + batch)} of {@code x}. */
    public double[] forward(double[] w, CsrMatrix x, int fromRow, int batch) {
        return forward(w, sparseFeatures.at(x, fromRow), batch);
    }

    private double[] forward(double[] w, LayerInput x, int batch) {
        checkParameters(w.length);
        buffers.ensureCapacity(batch);
        for (int l = 1; l <= depth; l++) {
            int rows = topology.size(l);
            double[] al = a[l];
            int bias = layout.biasOffset(l);
            for (int c = 0; c < batch; c++) {
                System.arraycopy(w, bias, al, c * rows, rows);
            }
            // A(l) = W(l) Z(l−1) + b(l) 1ᵀ
            LayerInput zPrev = l == 1 ? x : hidden[l - 1];
            zPrev.addProduct(blas, w, layout.weightOffset(l), rows, batch, al);
            topology.activation(l).apply(al, z[l], rows, batch);
        }
        return z[depth];
    }
}
