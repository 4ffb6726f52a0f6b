package org.sparkmlp.core.network;

import java.util.Arrays;
import java.util.Objects;
import org.sparkmlp.core.EnumNames;

/**
 * What a network is, without its parameters: layer sizes n(0), …, n(L), the nonlinearity h of each
 * layer 1 … L, and the cost of the output layer. Immutable.
 *
 * <p>Layer 0 is the input (n(0) features); layer L is the output (n(L) classes). Softmax is allowed only
 * on the output layer, and the cost must be defined for the output nonlinearity (cross-entropy needs
 * softmax or sigmoid).
 */
public final class Topology implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final Activation[] activations;
    private final Cost cost;
    private final ParameterLayout layout;

    /**
     * @param sizes       n(0), …, n(L), at least two layers
     * @param activations h(1), …, h(L), one per non-input layer
     * @param cost        the output layer's cost
     */
    public Topology(int[] sizes, Activation[] activations, Cost cost) {
        Objects.requireNonNull(cost, "cost");
        if (sizes.length < 2) {
            throw new IllegalArgumentException(
                    "a network needs an input and an output layer, got " + Arrays.toString(sizes));
        }
        if (activations.length != sizes.length - 1) {
            throw new IllegalArgumentException(
                    sizes.length - 1 + " layers need as many activations, got " + activations.length);
        }
        for (int size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive: " + describe(sizes));
            }
        }
        for (int l = 0; l < activations.length - 1; l++) {
            if (activations[l] == Activation.SOFTMAX) {
                throw new IllegalArgumentException(
                        "softmax is an output nonlinearity; hidden layer " + (l + 1) + " cannot use it");
            }
        }
        Activation output = activations[activations.length - 1];
        if (!cost.supports(output)) {
            throw new IllegalArgumentException(
                    EnumNames.of(cost) + " cost needs a softmax or sigmoid output, not " + EnumNames.of(output));
        }
        this.sizes = sizes.clone();
        this.activations = activations.clone();
        this.cost = cost;
        this.layout = new ParameterLayout(this.sizes);
    }

    /** Every hidden layer uses {@code hidden}, the output layer {@code output}. */
    public static Topology of(int[] sizes, Activation hidden, Activation output, Cost cost) {
        Activation[] h = new Activation[sizes.length - 1];
        Arrays.fill(h, hidden);
        h[h.length - 1] = output;
        return new Topology(sizes, h, cost);
    }

    /** Parses layer sizes written like {@code 784-256-128-10}. */
    public static Topology parse(String layers, Activation hidden, Activation output, Cost cost) {
        return of(parseSizes(layers), hidden, output, cost);
    }

    /**
     * The numbers of layer sizes written like {@code 784-256-128-10}, not yet checked as a network.
     *
     * @throws IllegalArgumentException if a part is not an integer
     */
    public static int[] parseSizes(String layers) {
        String[] parts = layers.trim().split("-", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layers must look like 784-256-10, got '" + layers + "'");
            }
        }
        return sizes;
    }

    /** L, the number of layers with weights. */
    public int depth() {
        return sizes.length - 1;
    }

    /** n(l) for l in 0 … L. */
    public int size(int l) {
        return sizes[l];
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** h(l) for l in 1 … L. */
    public Activation activation(int l) {
        if (l < 1 || l > depth()) {
            throw new IndexOutOfBoundsException("layer " + l + " of 1.." + depth());
        }
        return activations[l - 1];
    }

    public Cost cost() {
        return cost;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public int parameterCount() {
        return layout.parameterCount();
    }

    /** The layer sizes, e.g. {@code 784-256-128-10}. */
    public String layers() {
        return describe(sizes);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(layers()).append(' ');
        for (int l = 1; l <= depth(); l++) {
            s.append(l > 1 ? "," : "").append(EnumNames.of(activation(l)));
        }
        return s.append(' ').append(EnumNames.of(cost)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t
                && Arrays.equals(sizes, t.sizes)
                && Arrays.equals(activations, t.activations)
                && cost == t.cost;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sizes) + Arrays.hashCode(activations)) + cost.hashCode();
    }

    private static String describe(int[] sizes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            s.append(i > 0 ? "-" : "").append(sizes[i]);
        }
        return s.toString();
    }
}
