package org.sparkmlp.core.data;

import java.util.Objects;

/**
 * The targets y of a set of examples, the one place that says what the target of example c is: either class
 * labels, read as one-hot vectors (classification), or real-valued vectors of a fixed width (regression).
 *
 * <p>Real targets are stored example after example, {@code values[c·width, (c+1)·width)}, so a run of examples is
 * the column-major width × n target matrix Y of a minibatch. Class labels stay {@code int}s, which is cheaper
 * to store and gather than their one-hot matrix.
 */
public final class Targets implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] classes;
    private final double[] values;
    private final int width;

    private Targets(int[] classes, double[] values, int width) {
        this.classes = classes;
        this.values = values;
        this.width = width;
    }

    /** Class labels, example c's being {@code classes[c]}; not copied. */
    public static Targets classes(int[] classes) {
        return new Targets(Objects.requireNonNull(classes, "classes"), null, 1);
    }

    /** Real-valued targets of {@code width} values per example, example after example; not copied. */
    public static Targets values(double[] values, int width) {
        Objects.requireNonNull(values, "values");
        if (width <= 0 || values.length % width != 0) {
            throw new IllegalArgumentException(
                    values.length + " target values are not a whole number of rows of width " + width);
        }
        return new Targets(null, values, width);
    }

    /** Targets of the same kind for {@code n} examples, all zero (a buffer to {@link #copy} into). */
    public Targets emptyLike(int n) {
        return classes != null ? classes(new int[n]) : values(new double[Math.multiplyExact(n, width)], width);
    }

    /** Whether these are class labels (else real values). */
    public boolean areClasses() {
        return classes != null;
    }

    /** Number of examples. */
    public int size() {
        return classes != null ? classes.length : values.length / width;
    }

    /** Values per example for real targets; 1 for class labels (one label each). */
    public int width() {
        return width;
    }

    /** The class label of example c; only for class labels. */
    public int classOf(int c) {
        return classes[c];
    }

    /** y_k of example c: the one-hot entry for class labels, else the k-th value. */
    public double value(int c, int k) {
        return classes != null ? (k == classes[c] ? 1.0 : 0.0) : values[c * width + k];
    }

    /** The backing class labels, or null for real targets; not copied. */
    public int[] classLabels() {
        return classes;
    }

    /** The backing real values, example after example, or null for class labels; not copied. */
    public double[] values() {
        return values;
    }

    /** Copies example {@code from}'s target into example {@code to} of {@code into}, targets of the same kind. */
    public void copy(int from, Targets into, int to) {
        if (classes != null) {
            into.classes[to] = classes[from];
        } else {
            System.arraycopy(values, from * width, into.values, to * width, width);
        }
    }

    /** The first {@code n} examples' targets, copied. */
    public Targets head(int n) {
        return classes != null
                ? classes(java.util.Arrays.copyOf(classes, n))
                : values(java.util.Arrays.copyOf(values, n * width), width);
    }
}
