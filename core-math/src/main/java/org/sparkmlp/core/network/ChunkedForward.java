package org.sparkmlp.core.network;

import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Forward passes over many stacked examples, {@value #CHUNK} at a time: one GEMM per layer per chunk instead of
 * one matrix-vector product per example, with buffers of a bounded size. The one way the project scores rows in
 * bulk ({@code mlp predict}, the Spark ML model's {@code transform}).
 */
public final class ChunkedForward {
    /** Examples per forward pass: large enough for GEMM's speed, small enough for the cache and the heap. */
    public static final int CHUNK = 1024;

    /** Receives one example's output z(L): {@code z[offset .. offset + n(L))}, valid during the call only. */
    @FunctionalInterface
    public interface Outputs {
        void accept(int example, double[] z, int offset);
    }

    private ChunkedForward() {}

    /** Runs every row of {@code x}, of any storage kind, through the network as {@link #forward} does. */
    public static void forward(Backpropagation network, double[] w, FeatureBlock x, Outputs outputs) {
        if (x instanceof CsrBlock sparse) {
            forward(network, w, sparse.rows(), sparse.size(), outputs);
            return;
        }
        int classes = network.topology().outputSize();
        x.inChunks(CHUNK, (rows, offset, from, n) -> {
            double[] z = network.forward(w, rows, offset, n);
            for (int c = 0; c < n; c++) {
                outputs.accept(from + c, z, c * classes);
            }
        });
    }

    /**
     * Runs examples 0 … n−1, stored example after example from {@code xOffset} (n(0) values each), through the
     * network and hands each output to {@code outputs} in order.
     */
    public static void forward(Backpropagation network, double[] w, double[] x, int xOffset, int n, Outputs outputs) {
        int d = network.topology().inputSize();
        inChunks(network, n, outputs, (from, batch) -> network.forward(w, x, xOffset + from * d, batch));
    }

    /** {@link #forward(Backpropagation, double[], double[], int, int, Outputs)} for rows 0 … n−1 of {@code x}. */
    public static void forward(Backpropagation network, double[] w, CsrMatrix x, int n, Outputs outputs) {
        inChunks(network, n, outputs, (from, batch) -> network.forward(w, x, from, batch));
    }

    /** The forward pass of examples [from, from + batch): Z(L). */
    private interface Chunk {
        double[] forward(int from, int batch);
    }

    private static void inChunks(Backpropagation network, int n, Outputs outputs, Chunk chunk) {
        int classes = network.topology().outputSize();
        for (int from = 0; from < n; from += CHUNK) {
            int batch = Math.min(CHUNK, n - from);
            double[] z = chunk.forward(from, batch);
            for (int c = 0; c < batch; c++) {
                outputs.accept(from + c, z, c * classes);
            }
        }
    }
}
