package org.sparkmlp.core.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * Updates one flat parameter vector from the mean minibatch gradient, once per iteration.
 *
 * <p>Each {@link #step(double[], double[]) step} at iteration t (0-based, counted across epochs):
 * <ol>
 *   <li>μ = schedule.rate(t);</li>
 *   <li>gradient-norm clipping, if set: when ‖g‖₂ &gt; c, g ← g · c / ‖g‖₂;</li>
 *   <li>L2 weight decay, if set: g ← g + λ w, the gradient of (λ/2)‖w‖², applied to every parameter
 *       including biases. It is coupled: it passes through the rule, so with Adam it is classic L2,
 *       not AdamW's decoupled decay. Clipping sees only the data gradient;</li>
 *   <li>the {@link UpdateRule} moves w.</li>
 * </ol>
 * State vectors are allocated once, at {@link Builder#build(int)}; a step allocates nothing.
 * Without clipping every part of a step is element-wise, so a step may also be taken in parts as the gradient
 * arrives ({@link #stepPart}), to the same bits as the whole step.
 * Not thread-safe.
 */
public final class Optimizer {
    private final UpdateRule rule;
    private final LearningRateSchedule schedule;
    private final double weightDecay;
    private final double clipNorm;
    private final int numParameters;
    private final double[][] slots;
    /** The values before the parts of the step in progress: w's, then each slot's; allocated on the first part. */
    private double[][] before;
    /** The ranges [from, to) of the parts of the step in progress, in pairs. */
    private int[] parts = new int[16];

    private int partCount;
    private long iterations;

    private Optimizer(Builder b, int numParameters) {
        this.rule = b.rule;
        this.schedule = b.schedule;
        this.weightDecay = b.weightDecay;
        this.clipNorm = b.clipNorm;
        this.numParameters = numParameters;
        this.slots = new double[rule.slotCount()][numParameters];
    }

    /** Starts a configuration with no weight decay and no clipping. */
    public static Builder builder(UpdateRule rule, LearningRateSchedule schedule) {
        return new Builder(rule, schedule);
    }

    /**
     * One iteration: updates {@code w} in place from the mean gradient {@code g}.
     *
     * <p>{@code g} is the caller's scratch buffer and is overwritten by clipping and weight decay;
     * do not reuse its contents after the call.
     */
    public void step(double[] w, double[] g) {
        checkLength("w", w);
        checkLength("g", g);
        double learningRate = schedule.rate(iterations);
        if (clipNorm < Double.POSITIVE_INFINITY) {
            clipToNorm(g, clipNorm);
        }
        if (weightDecay > 0) {
            addWeightDecay(g, w, weightDecay, 0, g.length);
        }
        rule.apply(w, g, learningRate, iterations + 1, slots);
        iterations++;
    }

    /**
     * One iteration over the {@code rangeCount} ranges {@code [ranges[2i], ranges[2i + 1])} of the parameters alone,
     * in index order: the whole {@link #step(double[], double[])} to the bit when {@code g} is +0.0 outside them and
     * so is the state (what {@code ChangedParameters} keeps track of), since the step moves such a parameter by
     * +0.0. Clipping's ‖g‖₂ sums the same squares in the same order, skipping only +0.0s.
     *
     * @throws IllegalStateException with weight decay, which moves every parameter
     */
    public void step(double[] w, double[] g, int[] ranges, int rangeCount) {
        checkLength("w", w);
        checkLength("g", g);
        if (weightDecay > 0) {
            throw new IllegalStateException("weight decay moves every parameter: no step over some of them");
        }
        double learningRate = schedule.rate(iterations);
        if (clipNorm < Double.POSITIVE_INFINITY) {
            clipToNorm(g, ranges, rangeCount, clipNorm);
        }
        rule.apply(w, g, learningRate, iterations + 1, slots, ranges, rangeCount);
        iterations++;
    }

    /** Whether every state vector is +0.0 (the raw bits) in {@code [from, to)}: true before the first step. */
    public boolean stateIsZero(int from, int to) {
        for (double[] slot : slots) {
            for (int i = from; i < to; i++) {
                if (Double.doubleToRawLongBits(slot[i]) != 0L) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a step may be taken in parts ({@link #stepPart}): not with clipping, which needs the whole ‖g‖₂. */
    public boolean stepsInParts() {
        return clipNorm == Double.POSITIVE_INFINITY;
    }

    /**
     * Part of one iteration's step: updates {@code w[from, to)} from the mean gradient's {@code g[from, to)} as
     * {@link #step} would, to the bit. An iteration's parts cover every parameter once, in any order; then
     * {@link #endStep()} ends it, or {@link #undoParts} undoes them. {@code g[from, to)} is overwritten as in
     * {@link #step}.
     *
     * @throws IllegalStateException with clipping ({@link #stepsInParts()})
     */
    public void stepPart(double[] w, double[] g, int from, int to) {
        checkLength("w", w);
        checkLength("g", g);
        if (!stepsInParts()) {
            throw new IllegalStateException("gradient-norm clipping needs the whole gradient: no step in parts");
        }
        if (before == null) {
            before = new double[1 + slots.length][numParameters];
        }
        System.arraycopy(w, from, before[0], from, to - from);
        for (int s = 0; s < slots.length; s++) {
            System.arraycopy(slots[s], from, before[1 + s], from, to - from);
        }
        if (2 * partCount + 2 > parts.length) {
            parts = Arrays.copyOf(parts, 2 * parts.length);
        }
        parts[2 * partCount] = from;
        parts[2 * partCount + 1] = to;
        partCount++;
        if (weightDecay > 0) {
            addWeightDecay(g, w, weightDecay, from, to);
        }
        rule.apply(w, g, schedule.rate(iterations), iterations + 1, slots, from, to);
    }

    /** Ends the iteration whose step {@link #stepPart} took in parts. */
    public void endStep() {
        partCount = 0;
        iterations++;
    }

    /** Restores {@code w} and the state as they were before the parts of the step in progress (if any). */
    public void undoParts(double[] w) {
        for (int k = 0; k < partCount; k++) {
            int from = parts[2 * k];
            int length = parts[2 * k + 1] - from;
            System.arraycopy(before[0], from, w, from, length);
            for (int s = 0; s < slots.length; s++) {
                System.arraycopy(before[1 + s], from, slots[s], from, length);
            }
        }
        partCount = 0;
    }

    /** Iterations taken so far (including those before a restore). */
    public long iterations() {
        return iterations;
    }

    /** The learning rate the next step will use. */
    public double currentLearningRate() {
        return schedule.rate(iterations);
    }

    /** The update rule. */
    public UpdateRule rule() {
        return rule;
    }

    /** The learning-rate schedule. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The L2 coefficient λ; 0 for none. */
    public double weightDecay() {
        return weightDecay;
    }

    /** The gradient-norm bound c; +∞ for no clipping. */
    public double clipNorm() {
        return clipNorm;
    }

    /** A deep copy of the resumable state. */
    public OptimizerState state() {
        double[][] copy = new double[slots.length][];
        for (int k = 0; k < slots.length; k++) {
            copy[k] = slots[k].clone();
        }
        return new OptimizerState(rule.name(), iterations, copy);
    }

    /**
     * Continues from a saved state: copies it in, so later steps match an uninterrupted run bit for
     * bit. The state must come from an optimizer with the same rule and parameter count.
     */
    public void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        if (!state.rule().equals(rule.name())) {
            throw new IllegalArgumentException(
                    "state was saved by rule '" + state.rule() + "', this optimizer uses '" + rule.name() + "'");
        }
        if (state.slots().length != slots.length) {
            throw new IllegalArgumentException("rule '" + rule.name() + "' keeps " + slots.length
                    + " state vectors, the saved state has " + state.slots().length);
        }
        for (int k = 0; k < slots.length; k++) {
            if (state.slots()[k].length != numParameters) {
                throw new IllegalArgumentException("saved state vector " + k + " has " + state.slots()[k].length
                        + " entries, this optimizer has " + numParameters + " parameters");
            }
        }
        for (int k = 0; k < slots.length; k++) {
            System.arraycopy(state.slots()[k], 0, slots[k], 0, numParameters);
        }
        iterations = state.iterations();
    }

    /** The configuration, e.g. {@code Momentum[beta=0.9], Constant[rate=0.01], weight decay 0.0, no clipping}. */
    @Override
    public String toString() {
        return rule + ", " + schedule + ", weight decay " + weightDecay
                + (clipNorm < Double.POSITIVE_INFINITY ? ", clip norm " + clipNorm : ", no clipping");
    }

    private void checkLength(String name, double[] v) {
        if (v.length != numParameters) {
            throw new IllegalArgumentException(
                    name + " has " + v.length + " entries, this optimizer has " + numParameters + " parameters");
        }
    }

    private static void clipToNorm(double[] g, double maxNorm) {
        clipToNorm(g, new int[] {0, g.length}, 1, maxNorm);
    }

    private static void clipToNorm(double[] g, int[] ranges, int rangeCount, double maxNorm) {
        double sumOfSquares = 0;
        for (int r = 0; r < rangeCount; r++) {
            for (int i = ranges[2 * r]; i < ranges[2 * r + 1]; i++) {
                sumOfSquares += g[i] * g[i];
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int r = 0; r < rangeCount; r++) {
                for (int i = ranges[2 * r]; i < ranges[2 * r + 1]; i++) {
                    g[i] *= scale;
                }
            }
        }
    }

    private static void addWeightDecay(double[] g, double[] w, double lambda, int from, int to) {
        for (int i = from; i < to; i++) {
            g[i] += lambda * w[i];
        }
    }

    /** Configuration of an {@link Optimizer}; {@link #build(int)} may be called repeatedly. */
    public static final class Builder {
        private final UpdateRule rule;
        private final LearningRateSchedule schedule;
        private double weightDecay;
        private double clipNorm = Double.POSITIVE_INFINITY;

        private Builder(UpdateRule rule, LearningRateSchedule schedule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            this.schedule = Objects.requireNonNull(schedule, "schedule");
        }

        /** L2 coefficient λ ≥ 0 (0, the default, turns it off). */
        public Builder weightDecay(double lambda) {
            if (!(lambda >= 0 && Double.isFinite(lambda))) {
                throw new IllegalArgumentException("weightDecay must be non-negative and finite, got " + lambda);
            }
            this.weightDecay = lambda;
            return this;
        }

        /** Maximum gradient norm c &gt; 0; unset (the default) or +∞ means no clipping. */
        public Builder clipNorm(double maxNorm) {
            if (!(maxNorm > 0)) {
                throw new IllegalArgumentException("clipNorm must be positive, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** A fresh optimizer at iteration 0 for a parameter vector of {@code numParameters} entries. */
        public Optimizer build(int numParameters) {
            if (numParameters < 1) {
                throw new IllegalArgumentException("numParameters must be positive, got " + numParameters);
            }
            return new Optimizer(this, numParameters);
        }
    }
}
