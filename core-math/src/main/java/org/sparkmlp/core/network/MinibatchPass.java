package org.sparkmlp.core.network;

import dev.ludovic.netlib.blas.BLAS;
import org.sparkmlp.core.data.Targets;

/**
 * What {@link Backpropagation} and {@link Float32Backpropagation} share around their passes: the topology and its
 * parameter layout, the BLAS, the per-layer matrices ({@link LayerBuffers}), the reusable views of Z(0) = X and of
 * each hidden Z(l) ({@link LayerInput}), the checks of a call's arguments, and the cost of the last forward pass,
 * which both compute in FP64 from A(L) and Z(L). The passes themselves, one per precision, stay in the subclasses.
 */
abstract sealed class MinibatchPass permits Backpropagation, Float32Backpropagation {
    final Topology topology;
    final ParameterLayout layout;
    final BLAS blas;
    /** L, the number of weight layers. */
    final int depth;

    final LayerBuffers buffers;
    /**
     * A(l), Z(l), Δ(l) in FP64, {@link #buffers}' matrices: every l for an FP64 pass; A(L), Z(L), Δ(L) and Δ(1) for
     * an FP32 pass.
     */
    final double[][] a;

    final double[][] z;
    final double[][] delta;
    /** Z(l) for l in 1 … L − 1 as the input of layer l + 1. */
    final LayerInput.Dense[] hidden;
    /** Z(0) = X, the features, dense or sparse: set by each call. */
    final LayerInput.Dense denseFeatures;

    final LayerInput.Sparse sparseFeatures;

    MinibatchPass(Topology topology, BLAS blas, boolean float32) {
        this.topology = topology;
        this.layout = topology.layout();
        this.blas = blas;
        this.depth = topology.depth();
        this.buffers = new LayerBuffers(topology, float32);
        this.a = buffers.a;
        this.z = buffers.z;
        this.delta = buffers.delta;
        this.hidden = buffers.hidden;
        this.denseFeatures = new LayerInput.Dense(topology.inputSize());
        this.sparseFeatures = new LayerInput.Sparse(topology);
    }

    public Topology topology() {
        return topology;
    }

    /** The summed cost of the batch whose output {@code forward} just computed. */
    public double lossOfLastForward(Targets y, int yOffset, int batch) {
        return topology.cost()
                .loss(topology.activation(depth), a[depth], z[depth], y, yOffset, topology.outputSize(), batch);
    }

    /** @throws IllegalArgumentException unless {@code length} is the topology's parameter count */
    void checkParameters(int length) {
        if (length != layout.parameterCount()) {
            throw new IllegalArgumentException(
                    "expected " + layout.parameterCount() + " parameters for " + topology.layers() + ", got " + length);
        }
    }

    /** @throws IllegalArgumentException unless {@code sum} holds the topology's gradient and {@code y} its outputs */
    void checkGradientArguments(GradientSum sum, Targets y) {
        if (sum.gradient().length != layout.parameterCount()) {
            throw new IllegalArgumentException("a gradient of " + sum.gradient().length + " parameters cannot hold "
                    + topology.layers() + "'s " + layout.parameterCount());
        }
        if (!y.areClasses() && y.width() != topology.outputSize()) {
            throw new IllegalArgumentException("targets of " + y.width() + " values cannot train the "
                    + topology.outputSize() + " outputs of " + topology.layers());
        }
    }
}
