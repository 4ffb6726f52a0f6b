package org.sparkmlp.core.network;

import java.util.Arrays;

/**
 * The per-layer matrices of one pass over a minibatch, for {@link Backpropagation} and
 * {@link Float32Backpropagation}: A(l), Z(l), Δ(l) for l in 1 … L as n(l) × B matrices in the pass's precision (an
 * FP32 pass keeps A(l) in its Z(l) and applies h there), the ones vector of ∂C/∂b(l) = Δ(l) 1, and each hidden Z(l)
 * as the input of layer l + 1. An FP32 pass also has the FP64 A(L), Z(L), Δ(L) its cost works on, and Δ(1) in FP64
 * for a sparse first layer's gradient; it has no other FP64 matrix. They grow to the largest batch seen and are then
 * reused: the outer arrays never change, so a pass may keep them, and reads an entry after {@link #ensureCapacity}.
 */
final class LayerBuffers {
    final double[][] a;
    final double[][] z;
    final double[][] delta;
    /** FP32 Z(l) (first A(l)) and Δ(l); null for FP64 passes. */
    final float[][] z32;

    final float[][] delta32;
    /** Z(l) for l in 1 … L − 1 as the input of layer l + 1. */
    final LayerInput.Dense[] hidden;

    private final Topology topology;
    private double[] ones = new double[0];
    private float[] ones32 = new float[0];
    private int capacity;

    LayerBuffers(Topology topology, boolean float32) {
        this.topology = topology;
        int depth = topology.depth();
        this.a = new double[depth + 1][];
        this.z = new double[depth + 1][];
        this.delta = new double[depth + 1][];
        this.z32 = float32 ? new float[depth + 1][] : null;
        this.delta32 = float32 ? new float[depth + 1][] : null;
        this.hidden = new LayerInput.Dense[depth];
        for (int l = 1; l < depth; l++) {
            hidden[l] = new LayerInput.Dense(topology.size(l));
        }
    }

    /** Makes every matrix hold {@code batch} examples. */
    void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        for (int l = 1; l <= topology.depth(); l++) {
            int n = topology.size(l) * batch;
            boolean output = l == topology.depth();
            if (z32 == null || output) {
                a[l] = new double[n];
                z[l] = new double[n];
            }
            if (z32 == null || output || l == 1) {
                delta[l] = new double[n];
            }
            if (z32 != null) {
                z32[l] = new float[n];
                delta32[l] = new float[n];
            }
            if (l < topology.depth()) {
                if (z32 != null) {
                    hidden[l].at(z32[l], 0);
                } else {
                    hidden[l].at(z[l], 0);
                }
            }
        }
        if (z32 != null) {
            ones32 = new float[batch];
            Arrays.fill(ones32, 1.0f);
        } else {
            ones = new double[batch];
            Arrays.fill(ones, 1.0);
        }
        capacity = batch;
    }

    /** B ones, for an FP64 pass. */
    double[] ones() {
        return ones;
    }

    /** B ones, for an FP32 pass. */
    float[] ones32() {
        return ones32;
    }
}
