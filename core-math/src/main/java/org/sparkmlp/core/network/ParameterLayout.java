package org.sparkmlp.core.network;

/**
 * Where every W(l) and b(l) lives in the one flat parameter vector: [W(1), b(1), W(2), b(2), …].
 *
 * <p>W(l) is stored column-major as an n(l) × n(l−1) matrix, so w(l)_{j,i}, the weight from neuron i of
 * layer l−1 to neuron j of layer l, is at {@code weightOffset(l) + i * n(l) + j}; b(l)_j is at
 * {@code biasOffset(l) + j}. A gradient vector uses the same layout. This class is the only place that
 * knows it.
 */
public final class ParameterLayout implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final int[] weightOffsets;
    private final int parameterCount;

    ParameterLayout(int[] sizes) {
        this.sizes = sizes;
        this.weightOffsets = new int[sizes.length];
        long offset = 0;
        for (int l = 1; l < sizes.length; l++) {
            weightOffsets[l] = (int) offset;
            offset += (long) sizes[l] * sizes[l - 1] + sizes[l];
            if (offset > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "a network of " + offset + "+ parameters does not fit in one Java array");
            }
        }
        this.parameterCount = (int) offset;
    }

    public int parameterCount() {
        return parameterCount;
    }

    /** Offset of W(l), l in 1 … L. */
    public int weightOffset(int l) {
        return weightOffsets[l];
    }

    /** Offset of b(l), l in 1 … L. */
    public int biasOffset(int l) {
        return weightOffsets[l] + sizes[l] * sizes[l - 1];
    }

    /** Index of w(l)_{j,i}. */
    public int weightIndex(int l, int j, int i) {
        return weightOffsets[l] + i * sizes[l] + j;
    }
}
