package org.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;

/**
 * The GEMM calls one {@code Backpropagation.accumulateGradient} makes on a minibatch of B examples, in its
 * order; the one place the benchmarks count FLOPs. With n(l) the layer sizes, for each layer l:
 * <pre>
 *   forward   A(l) = W(l) Z(l−1)         n(l) × B × n(l−1)    'N','N'
 *   gradient  ∂C/∂W(l) += Δ(l) Z(l−1)ᵀ   n(l) × n(l−1) × B    'N','T'
 *   delta     W(l)ᵀ Δ(l), l ≥ 2 only     n(l−1) × B × n(l)    'T','N'
 * </pre>
 * so a pass costs 2B·(2 Σ n(l) n(l−1) + Σ_{l≥2} n(l) n(l−1)) FLOPs: for 784-256-128-10 that is
 * 2B·(2·234,752 + 34,048) ≈ 1.007 MFLOP per example. Everything else the pass does (bias broadcast and
 * gradient, activations, cost) is not counted, so a backprop rate below the raw GEMM rate measures that
 * overhead.
 */
final class PassGemms {
    /** The benchmarked network: MNIST-sized, two ReLU hidden layers, softmax output. */
    static final Topology MLP =
            Topology.parse("784-256-128-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);

    private PassGemms() {}

    static List<Gemm> of(Topology topology, int batch) {
        List<Gemm> gemms = new ArrayList<>();
        int depth = topology.depth();
        for (int l = 1; l <= depth; l++) {
            // β = 1: A(l) starts as the broadcast bias
            gemms.add(new Gemm("N", "N", topology.size(l), batch, topology.size(l - 1), 1.0));
        }
        for (int l = depth; l >= 1; l--) {
            int rows = topology.size(l);
            int cols = topology.size(l - 1);
            gemms.add(new Gemm("N", "T", rows, cols, batch, 1.0));
            if (l > 1) {
                gemms.add(new Gemm("T", "N", cols, batch, rows, 0.0));
            }
        }
        return gemms;
    }

    static long flops(Topology topology, int batch) {
        return of(topology, batch).stream().mapToLong(Gemm::flops).sum();
    }
}
