package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.linalg.Float32;

/**
 * {@link Backpropagation}'s passes in single precision: the same equations, with W, Z(l), Δ(l) and ∂C/∂w as FP32
 * matrices and every product one {@code sgemm}/{@code sgemv}, which moves half the bytes and does twice the
 * FLOPs per cycle of its FP64 counterpart. The nonlinearities h(l) and the cost are {@link Activation}'s and
 * {@link Cost}'s own code, run on each layer's values widened to FP64 and rounded back, so every formula has one
 * owner; they cost O(n(l)·B) against a product's O(n(l−1)·n(l)·B).
 *
 * <p>Each call's gradient is computed in FP32 and added to the {@link GradientSum} in FP64. Buffers grow to the
 * largest batch seen and are then reused: after warm-up a call allocates nothing. Not thread-safe.
 */
public final class Float32Backpropagation {
    private final Topology topology;
    private final ParameterLayout layout;
    private final BLAS blas;
    private final int depth;
    /** The FP64 values the nonlinearities and the cost work on: A(l), Z(l), Δ(l), each n(l) × capacity. */
    private final double[][] a;

    private final double[][] z;
    private final double[][] delta;
    /** The FP32 operands of the products: Z(l) (first A(l)) and Δ(l). */
    private final float[][] z32;

    private final float[][] delta32;
    private final float[] g32;
    private float[] ones = new float[0];
    private int capacity;

    public Float32Backpropagation(Topology topology) {
        this(topology, Blas.get());
    }

    public Float32Backpropagation(Topology topology, BLAS blas) {
        this.topology = topology;
        this.layout = topology.layout();
        this.blas = blas;
        this.depth = topology.depth();
        this.a = new double[depth + 1][];
        this.z = new double[depth + 1][];
        this.delta = new double[depth + 1][];
        this.z32 = new float[depth + 1][];
        this.delta32 = new float[depth + 1][];
        this.g32 = new float[layout.parameterCount()];
    }

    public Topology topology() {
        return topology;
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
        if (sum.gradient().length != layout.parameterCount()) {
            throw new IllegalArgumentException("a gradient of " + sum.gradient().length + " parameters cannot hold "
                    + topology.layers() + "'s " + layout.parameterCount());
        }
        int nL = topology.outputSize();
        if (!y.areClasses() && y.width() != nL) {
            throw new IllegalArgumentException(
                    "targets of " + y.width() + " values cannot train the " + nL + " outputs of " + topology.layers());
        }
        forward(w, x, xOffset, batch);
        double loss = topology.cost()
                .delta(topology.activation(depth), a[depth], z[depth], y, yOffset, nL, batch, delta[depth]);
        Float32.narrow(delta[depth], delta32[depth], nL * batch);
        for (int l = depth; l >= 1; l--) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            float[] zPrev = l == 1 ? x : z32[l - 1];
            int zPrevOffset = l == 1 ? xOffset : 0;
            // spotless:off
            // ∂C/∂W(l) = Δ(l) Z(l−1)ᵀ
            blas.sgemm("N", "T", rows, cols, batch, 1.0f, delta32[l], 0, rows, zPrev, zPrevOffset, cols,
                    0.0f, g32, layout.weightOffset(l), rows);
            // ∂C/∂b(l) = Δ(l) 1
            blas.sgemv("N", rows, batch, 1.0f, delta32[l], 0, rows, ones, 0, 1, 0.0f, g32, layout.biasOffset(l), 1);
            if (l > 1) {
                // Δ(l−1) = h′(A(l−1)) ⊙ (W(l)ᵀ Δ(l))
                blas.sgemm("T", "N", cols, batch, rows, 1.0f, w, layout.weightOffset(l), rows, delta32[l], 0, rows,
                        0.0f, delta32[l - 1], 0, cols);
                // spotless:on
                int n = cols * batch;
                Float32.widen(delta32[l - 1], delta[l - 1], n);
                topology.activation(l - 1).backpropagate(a[l - 1], z[l - 1], delta[l - 1], cols, batch);
                Float32.narrow(delta[l - 1], delta32[l - 1], n);
            }
        }
        double[] g = sum.gradient();
        for (int k = 0; k < g.length; k++) {
            g[k] += g32[k];
        }
        sum.addLoss(loss, batch);
    }

    /**
     * Runs the forward pass and returns Z(L), h(L) of the FP32 products, in a reused buffer valid until the next
     * call, as {@link Backpropagation#forward} does.
     */
    public double[] forward(float[] w, float[] x, int xOffset, int batch) {
        if (w.length != layout.parameterCount()) {
            throw new IllegalArgumentException("expected " + layout.parameterCount() + " parameters for "
                    + topology.layers() + ", got " + w.length);
        }
        ensureCapacity(batch);
        for (int l = 1; l <= depth; l++) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            float[] al = z32[l];
            int bias = layout.biasOffset(l);
            for (int c = 0; c < batch; c++) {
                System.arraycopy(w, bias, al, c * rows, rows);
            }
            // A(l) = W(l) Z(l−1) + b(l) 1ᵀ
            float[] zPrev = l == 1 ? x : z32[l - 1];
            int zPrevOffset = l == 1 ? xOffset : 0;
            // spotless:off
            blas.sgemm("N", "N", rows, batch, cols, 1.0f, w, layout.weightOffset(l), rows, zPrev, zPrevOffset, cols,
                    1.0f, al, 0, rows);
            // spotless:on
            int n = rows * batch;
            Float32.widen(al, a[l], n);
            topology.activation(l).apply(a[l], z[l], rows, batch);
            Float32.narrow(z[l], z32[l], n);
        }
        return z[depth];
    }

    /** The summed cost of the batch whose output {@link #forward} just computed. */
    public double lossOfLastForward(Targets y, int yOffset, int batch) {
        return topology.cost()
                .loss(topology.activation(depth), a[depth], z[depth], y, yOffset, topology.outputSize(), batch);
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        for (int l = 1; l <= depth; l++) {
            int n = topology.size(l) * batch;
            a[l] = new double[n];
            z[l] = new double[n];
            delta[l] = new double[n];
            z32[l] = new float[n];
            delta32[l] = new float[n];
        }
        ones = new float[batch];
        Arrays.fill(ones, 1.0f);
        capacity = batch;
    }
}
