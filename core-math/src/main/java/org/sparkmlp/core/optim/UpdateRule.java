package org.sparkmlp.core.optim;

/**
 * How one step moves the parameters, given the (already clipped and decayed) gradient and the step's
 * learning rate.
 *
 * <p>A rule is a stateless description; whatever it remembers between steps lives in
 * {@link #slotCount()} state vectors ("slots") that the caller owns and passes in, each as long as
 * the parameter vector and zero before the first step. Keeping the state outside the rule is what
 * lets {@link Optimizer#state()} save it and {@link Optimizer#restore(OptimizerState)} resume exactly.
 * Implementations must keep no other mutable state.
 */
public interface UpdateRule {
    /**
     * The rule called {@code name}: sgd, momentum, nesterov, adam or lazy-adam (default β₁, β₂); {@code beta} is
     * the β of momentum and nesterov.
     *
     * @throws IllegalArgumentException for another name
     */
    static UpdateRule named(String name, double beta) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new Sgd();
            case "momentum" -> new Momentum(beta);
            case "nesterov" -> new Nesterov(beta);
            case "adam" -> new Adam();
            case "lazy-adam" -> new LazyAdam(new Adam());
            default ->
                throw new IllegalArgumentException(
                        "unknown optimizer '" + name + "'; expected sgd, momentum, nesterov, adam or lazy-adam");
        };
    }

    /** Stable identifier written with saved state; restoring into a rule with another name fails. */
    String name();

    /**
     * Whether a step leaves every parameter whose gradient is +0.0, and its state, exactly as they were, so that a
     * step over the parameters the minibatch's gradient can reach is the whole step: true of SGD (w − μ·0 is w) and
     * of lazy Adam; not of momentum, Nesterov or Adam, whose state keeps moving a parameter after its gradient is 0.
     */
    default boolean lazy() {
        return false;
    }

    /** Number of state vectors this rule keeps. */
    int slotCount();

    /**
     * The hyperparameters by name (e.g. {@code beta} for momentum): with {@link #name()}, all that makes two rules
     * step alike. A resumed run must have the same ones as its checkpoint.
     */
    java.util.Map<String, Double> hyperparameters();

    /**
     * Updates {@code w[from, to)} in place, element by element, so that a step taken in parts is the whole step to
     * the bit. {@code w}, {@code g} and every slot have the same length; the caller ({@link Optimizer}) checks that.
     *
     * @param w            parameters, updated in place
     * @param g            gradient for this step; read only
     * @param learningRate μ for this step
     * @param t            1-based number of this step (1 on the first update)
     * @param slots        this rule's state vectors, updated in place
     * @param from         the first parameter to update
     * @param to           one past the last
     */
    void apply(double[] w, double[] g, double learningRate, long t, double[][] slots, int from, int to);

    /**
     * Updates the {@code rangeCount} ranges {@code [ranges[2i], ranges[2i + 1])} of {@code w} in place, as
     * {@link #apply(double[], double[], double, long, double[][], int, int)} does each of them.
     */
    default void apply(
            double[] w, double[] g, double learningRate, long t, double[][] slots, int[] ranges, int rangeCount) {
        for (int r = 0; r < rangeCount; r++) {
            apply(w, g, learningRate, t, slots, ranges[2 * r], ranges[2 * r + 1]);
        }
    }

    /** Updates all of {@code w} in place: {@link #apply(double[], double[], double, long, double[][], int, int)}. */
    default void apply(double[] w, double[] g, double learningRate, long t, double[][] slots) {
        apply(w, g, learningRate, t, slots, 0, w.length);
    }
}
