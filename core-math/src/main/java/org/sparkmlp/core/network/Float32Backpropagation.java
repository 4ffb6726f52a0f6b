package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;

/**
 * {@link Backpropagation}'s passes in single precision: the same equations, with W, Z(l), Δ(l) and ∂C/∂w as FP32
 * matrices and every product one {@code sgemm}/{@code sgemv}, which moves half the bytes and does twice the
 * FLOPs per cycle of its FP64 counterpart. The hidden layers' nonlinearities and their derivatives run in FP32
 * too ({@link Activation}'s FP32 forms, beside the FP64 ones in the same constant), so a hidden layer's values are
 * never widened. The output's nonlinearity and the cost run in FP64 on A(L) widened, {@link Cost}'s one code for
 * both precisions with the loss summed in FP64: n(L)·B values, against a hidden layer's n(l)·B.
 *
 * <p>With sparse features the first layer's products run over the non-zeros of X, as in FP64: A(1) = W(1) X +
 * b(1) 1ᵀ in FP32 with each stored value rounded to FP32, and ∂C/∂W(1) += Δ(1) Xᵀ added straight into the FP64 sum
 * (the products of the FP32 Δ(1) and X's values, summed in FP64): staging it in FP32 like the other layers' would
 * cost O(n(0)·n(1)) a call to clear and add, which is what the sparse layer exists to avoid.
 *
 * <p>Each call's gradient is computed in FP32 and added to the {@link GradientSum} in FP64. Buffers grow to the
 * largest batch seen and are then reused: after warm-up a call allocates nothing. Not thread-safe.
 */
public final class Float32Backpropagation extends MinibatchPass {
    /** The FP32 operands of the products and the nonlinearities: Z(l) (first A(l), h applied in place) and Δ(l). */
    private final float[][] z32;

    private final float[][] delta32;
    /** Each call's FP32 gradient, before it is added to the FP64 sum (all but ∂C/∂W(1) for sparse features). */
    private final float[] g32;

    public Float32Backpropagation(Topology topology) {
        this(topology, Blas.get());
    }

    public Float32Backpropagation(Topology topology, BLAS blas) {
        super(topology, blas, true);
        this.z32 = buffers.z32;
        this.delta32 = buffers.delta32;
        this.g32 = new float[layout.parameterCount()];
    }

    /**
     * Adds Σ ∂C/∂w, the summed cost and the example count of the minibatch to {@code sum}, as
     * {@link Backpropagation#accumulateGradient} does.
     *
     * @param w FP32 parameters, in the {@link ParameterLayout}
     * @param x FP32 features; the batch is {@code x[xOffset .. xOffset + n(0) * batch)}
     * @param y targets; the batch's are examples {@code yOffset .. yOffset + batch} of {@code y}
     */
    public void accumulateGradient(
            float[] w, float[] x, int xOffset, Targets y, int yOffset, int batch, GradientSum sum) {
        accumulateGradient(w, denseFeatures.at(x, xOffset), y, yOffset, batch, sum);
    }

    /**
     * {@link #accumulateGradient(float[], float[], int, Targets, int, int, GradientSum)} for sparse features: the
     * batch is rows {@code [fromRow, fromRow + batch)} of {@code x}. The first layer's products cost
     * O(non-zeros × n(1)); ∂C/∂W(1) changes only in the columns of the features present.
     */
    public void accumulateGradient(
            float[] w, CsrMatrix x, int fromRow, Targets y, int yOffset, int batch, GradientSum sum) {
        accumulateGradient(w, sparseFeatures.at(x, fromRow), y, yOffset, batch, sum);
    }

    private void accumulateGradient(float[] w, LayerInput x, Targets y, int yOffset, int batch, GradientSum sum) {
        checkGradientArguments(sum, y);
        int nL = topology.outputSize();
        x.markTouched(sum, batch); // first: if this call fails midway, a reset still zeroes what it wrote
        forward(w, x, batch);
        double loss = topology.cost()
                .delta(topology.activation(depth), a[depth], z[depth], y, yOffset, nL, batch, delta[depth]);
        Float32.narrow(delta[depth], delta32[depth], nL * batch);
        double[] g = sum.gradient();
        for (int l = depth; l >= 1; l--) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            LayerInput zPrev = l == 1 ? x : hidden[l - 1];
            if (zPrev instanceof LayerInput.Dense dense) {
                // ∂C/∂W(l) = Δ(l) Z(l−1)ᵀ
                dense.transposedProduct(blas, delta32[l], rows, batch, g32, layout.weightOffset(l));
            } else {
                // ∂C/∂W(1) += Δ(1) Xᵀ into the FP64 sum, over the non-zeros of X (widening Δ(1) is exact)
                Float32.widen(delta32[l], delta[l], rows * batch);
                zPrev.addTransposedProduct(blas, delta[l], rows, batch, g, layout.weightOffset(l));
            }
            // spotless:off
            // ∂C/∂b(l) = Δ(l) 1
            blas.sgemv("N", rows, batch, 1.0f, delta32[l], 0, rows, buffers.ones32(), 0, 1,
                    0.0f, g32, layout.biasOffset(l), 1);
            if (l > 1) {
                // Δ(l−1) = h′(A(l−1)) ⊙ (W(l)ᵀ Δ(l))
                blas.sgemm("T", "N", cols, batch, rows, 1.0f, w, layout.weightOffset(l), rows, delta32[l], 0, rows,
                        0.0f, delta32[l - 1], 0, cols);
                // spotless:on
                topology.activation(l - 1).backpropagate(z32[l - 1], delta32[l - 1], cols, batch);
            }
        }
        int staged = x instanceof LayerInput.Dense ? 0 : layout.biasOffset(1);
        for (int k = staged; k < g.length; k++) {
            g[k] += g32[k];
        }
        sum.addLoss(loss, batch);
    }

    /**
     * Runs the forward pass and returns Z(L), h(L) of the FP32 products, in a reused buffer valid until the next
     * call, as {@link Backpropagation#forward} does.
     */
    public double[] forward(float[] w, float[] x, int xOffset, int batch) {
        return forward(w, denseFeatures.at(x, xOffset), batch);
    }

    /** {@link #forward(float[], float[], int, int)} for rows {@code [fromRow, fromRow + batch)} of {@code x}. */
    public double[] forward(float[] w, CsrMatrix x, int fromRow, int batch) {
        return forward(w, sparseFeatures.at(x, fromRow), batch);
    }

    private double[] forward(float[] w, LayerInput x, int batch) {
        checkParameters(w.length);
        buffers.ensureCapacity(batch);
        for (int l = 1; l <= depth; l++) {
            int rows = topology.size(l);
            float[] al = z32[l];
            int bias = layout.biasOffset(l);
            for (int c = 0; c < batch; c++) {
                System.arraycopy(w, bias, al, c * rows, rows);
            }
            // A(l) = W(l) Z(l−1) + b(l) 1ᵀ
            LayerInput zPrev = l == 1 ? x : hidden[l - 1];
            zPrev.addProduct(blas, w, layout.weightOffset(l), rows, batch, al);
            if (l < depth) {
                topology.activation(l).apply(al, al, rows, batch);
            } else {
                Float32.widen(al, a[l], rows * batch);
                topology.activation(l).apply(a[l], z[l], rows, batch);
            }
        }
        return z[depth];
    }
}
