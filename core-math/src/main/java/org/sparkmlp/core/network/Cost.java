package org.sparkmlp.core.network;

import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.Targets;

/**
 * The cost C of one example with target y, compared against the output z(L) = h(a(L)) of the network: y is a
 * class label read as a one-hot vector, or a real-valued vector (regression, quadratic cost only); see
 * {@link Targets}.
 *
 * <p>Sign convention: δ(L) = ∂C/∂a(L), the gradient of the cost with respect to the output layer's
 * pre-activations, so that gradient descent subtracts it. (The original design's "δ = y − z" is the negative of
 * the softmax/cross-entropy case.) Each constant returns the true derivative of the cost it computes.
 *
 * <p>Matrices are column-major {@code rows × cols}, one example per column; the targets of the {@code cols}
 * examples are examples {@code yOffset .. yOffset + cols} of {@code y}.
 */
public enum Cost {
    /**
     * The original design's quadratic cost C = ‖y − z(L)‖², so δ(L) = J_h(a(L))ᵀ · 2 (z(L) − y), which is
     * 2 (z − y) ⊙ h′(a(L)) for an elementwise output nonlinearity. Valid with every output activation.
     */
    QUADRATIC {
        @Override
        double delta(Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols, double[] delta) {
            double loss = 0.0;
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < rows; k++) {
                    int i = c * rows + k;
                    double r = z[i] - y.value(yOffset + c, k);
                    loss += r * r;
                    delta[i] = 2.0 * r;
                }
            }
            h.backpropagate(a, z, delta, rows, cols);
            return loss;
        }

        @Override
        double loss(Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols) {
            double loss = 0.0;
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < rows; k++) {
                    double r = z[c * rows + k] - y.value(yOffset + c, k);
                    loss += r * r;
                }
            }
            return loss;
        }

        @Override
        public boolean supports(Activation output) {
            return true;
        }
    },
    /**
     * Cross-entropy of a probabilistic output. With softmax, C = −log z_y(L) = logsumexp(a(L)) − a_y(L);
     * with sigmoid (independent per-class probabilities), C = −Σ_k [y_k log z_k + (1 − y_k) log(1 − z_k)].
     * In both cases δ(L) = z(L) − y exactly. The loss is computed from a(L), so it stays finite when a
     * probability rounds to 0 or 1.
     */
    CROSS_ENTROPY {
        @Override
        double delta(Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols, double[] delta) {
            requireClasses(y);
            for (int c = 0; c < cols; c++) {
                int label = y.classOf(yOffset + c);
                for (int k = 0; k < rows; k++) {
                    int i = c * rows + k;
                    delta[i] = z[i] - (k == label ? 1.0 : 0.0);
                }
            }
            return loss(h, a, z, y, yOffset, rows, cols);
        }

        @Override
        double loss(Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols) {
            requireClasses(y);
            double loss = 0.0;
            for (int c = 0; c < cols; c++) {
                int label = y.classOf(yOffset + c);
                int from = c * rows;
                if (h == Activation.SOFTMAX) {
                    loss += logSumExp(a, from, rows) - a[from + label];
                } else {
                    for (int k = 0; k < rows; k++) {
                        double ak = a[from + k];
                        loss += softplus(ak) - (k == label ? ak : 0.0);
                    }
                }
            }
            return loss;
        }

        @Override
        public boolean supports(Activation output) {
            return output == Activation.SOFTMAX || output == Activation.SIGMOID;
        }
    };

    /** Writes δ(L) = ∂C/∂a(L) for every column into {@code delta} and returns the summed cost. */
    abstract double delta(
            Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols, double[] delta);

    /** The summed cost of the columns. */
    abstract double loss(Activation h, double[] a, double[] z, Targets y, int yOffset, int rows, int cols);

    /** Whether this cost is defined for outputs of the given activation. */
    public abstract boolean supports(Activation output);

    /** Parses {@code quadratic} (also {@code mse}), {@code cross-entropy} (also {@code cross_entropy}, {@code xent}). */
    public static Cost parse(String name) {
        return switch (EnumNames.key(name)) {
            case "mse" -> QUADRATIC;
            case "xent" -> CROSS_ENTROPY;
            default -> EnumNames.parse(Cost.class, name, "cost");
        };
    }

    /** Cross-entropy compares probabilities with classes; real-valued targets take the quadratic cost. */
    private static void requireClasses(Targets y) {
        if (!y.areClasses()) {
            throw new IllegalArgumentException("cross-entropy needs class labels, not real-valued targets");
        }
    }

    private static double logSumExp(double[] a, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = from; k < from + n; k++) {
            max = Math.max(max, a[k]);
        }
        double sum = 0.0;
        for (int k = from; k < from + n; k++) {
            sum += Math.exp(a[k] - max);
        }
        return max + Math.log(sum);
    }

    /** log(1 + e^x) without overflow. */
    private static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
