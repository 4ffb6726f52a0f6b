package org.sparkmlp.core.network;

import org.sparkmlp.core.EnumNames;

/**
 * The nonlinearity h of a layer, z = h(a), applied to a whole minibatch at once.
 *
 * <p>Matrices are column-major {@code rows × cols} with one example per column. Every method works on
 * the first {@code rows * cols} entries of its arrays.
 */
public enum Activation {
    /** Logistic sigmoid h(a) = 1 / (1 + e^−a); h′ = z (1 − z). */
    SIGMOID {
        @Override
        void apply(double[] a, double[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = 1.0 / (1.0 + Math.exp(-a[k]));
            }
        }

        @Override
        void backpropagate(double[] a, double[] z, double[] g, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                g[k] *= z[k] * (1.0 - z[k]);
            }
        }

        @Override
        void apply(float[] a, float[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = (float) (1.0 / (1.0 + Math.exp(-a[k])));
            }
        }

        @Override
        void backpropagate(float[] z, float[] g, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                g[k] *= z[k] * (1.0f - z[k]);
            }
        }
    },
    /** Hyperbolic tangent; h′ = 1 − z². */
    TANH {
        @Override
        void apply(double[] a, double[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = Math.tanh(a[k]);
            }
        }

        @Override
        void backpropagate(double[] a, double[] z, double[] g, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                g[k] *= 1.0 - z[k] * z[k];
            }
        }

        @Override
        void apply(float[] a, float[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = (float) Math.tanh(a[k]);
            }
        }

        @Override
        void backpropagate(float[] z, float[] g, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                g[k] *= 1.0f - z[k] * z[k];
            }
        }
    },
    /** Rectified linear unit max(0, a); h′ = 1 where a &gt; 0, else 0. */
    RELU {
        @Override
        void apply(double[] a, double[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = Math.max(0.0, a[k]);
            }
        }

        @Override
        void backpropagate(double[] a, double[] z, double[] g, int rows, int cols) {
            // a > 0 ? g : +0 without the branch, which mispredicts on mixed signs (12× slower on random signs): z ≥ +0,
            // and z > 0 exactly when a > 0, so (b | −b) >> 63 of z's bits b is all ones there and 0 where z = +0;
            // g's bits masked by it are g, signed zeros included, or +0
            for (int k = 0, n = rows * cols; k < n; k++) {
                long b = Double.doubleToRawLongBits(z[k]);
                g[k] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[k]) & ((b | -b) >> 63));
            }
        }

        @Override
        void apply(float[] a, float[] z, int rows, int cols) {
            for (int k = 0, n = rows * cols; k < n; k++) {
                z[k] = Math.max(0.0f, a[k]);
            }
        }

        @Override
        void backpropagate(float[] z, float[] g, int rows, int cols) {
            // g ⊙ [z > 0] as a product, which the JIT vectorises: the select a > 0 ? g : 0 stays a branch that
            // mispredicts on mixed signs, 30× slower on a trained network's hidden layer. z·2^127·2^127 ≥ 1 for
            // every positive float (subnormals too), so the min is exactly the 0/1 mask; + 0 turns −0 into +0.
            for (int k = 0, n = rows * cols; k < n; k++) {
                g[k] = g[k] * Math.min(1.0f, z[k] * 0x1p127f * 0x1p127f) + 0.0f;
            }
        }
    },
    /** h(a) = a; h′ = 1. */
    IDENTITY {
        @Override
        void apply(double[] a, double[] z, int rows, int cols) {
            System.arraycopy(a, 0, z, 0, rows * cols);
        }

        @Override
        void backpropagate(double[] a, double[] z, double[] g, int rows, int cols) {
            // the Jacobian is the identity
        }

        @Override
        void apply(float[] a, float[] z, int rows, int cols) {
            System.arraycopy(a, 0, z, 0, rows * cols);
        }

        @Override
        void backpropagate(float[] z, float[] g, int rows, int cols) {
            // the Jacobian is the identity
        }
    },
    /**
     * Softmax over each column, z_k = e^{a_k} / Σ_j e^{a_j}; output layer only. Its Jacobian is
     * diag(z) − z zᵀ, so Jᵀg = z ⊙ (g − ⟨z, g⟩).
     */
    SOFTMAX {
        @Override
        void apply(double[] a, double[] z, int rows, int cols) {
            for (int c = 0; c < cols; c++) {
                int from = c * rows;
                int to = from + rows;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = from; k < to; k++) {
                    max = Math.max(max, a[k]);
                }
                double sum = 0.0;
                for (int k = from; k < to; k++) {
                    z[k] = Math.exp(a[k] - max);
                    sum += z[k];
                }
                double inv = 1.0 / sum;
                for (int k = from; k < to; k++) {
                    z[k] *= inv;
                }
            }
        }

        @Override
        void backpropagate(double[] a, double[] z, double[] g, int rows, int cols) {
            for (int c = 0; c < cols; c++) {
                int from = c * rows;
                int to = from + rows;
                double zg = 0.0;
                for (int k = from; k < to; k++) {
                    zg += z[k] * g[k];
                }
                for (int k = from; k < to; k++) {
                    g[k] = z[k] * (g[k] - zg);
                }
            }
        }

        // Topology admits softmax only as the output's nonlinearity, which an FP32 pass applies in FP64
        @Override
        void apply(float[] a, float[] z, int rows, int cols) {
            throw new UnsupportedOperationException("softmax is an output nonlinearity");
        }

        @Override
        void backpropagate(float[] z, float[] g, int rows, int cols) {
            throw new UnsupportedOperationException("softmax is an output nonlinearity");
        }
    };

    /** z = h(a). */
    abstract void apply(double[] a, double[] z, int rows, int cols);

    /**
     * g ← J_h(a)ᵀ g for every column: the chain rule through this layer's nonlinearity, given the
     * pre-activations a and the activations z = h(a). For elementwise h this is g ⊙ h′(a).
     */
    abstract void backpropagate(double[] a, double[] z, double[] g, int rows, int cols);

    /**
     * z = h(a) in FP32, for a hidden layer of an FP32 pass: the same formula, each value rounded to FP32 once (the
     * exponentials are evaluated in FP64). {@code a} and {@code z} may be one array: the pass applies h in place.
     */
    abstract void apply(float[] a, float[] z, int rows, int cols);

    /**
     * {@link #backpropagate(double[], double[], double[], int, int)} in FP32, for a hidden layer: h′ from z alone,
     * since the pass keeps no FP32 A(l) once h is applied.
     */
    abstract void backpropagate(float[] z, float[] g, int rows, int cols);

    /** Parses a case-insensitive name such as {@code relu} or {@code softmax}. */
    public static Activation parse(String name) {
        return EnumNames.parse(Activation.class, name, "activation");
    }
}
