package org.sparkmlp.core.optim;

import java.util.Map;

/**
 * The learning rate μ as a function of the 0-based global iteration t (counted across epochs).
 *
 * <p>Schedules are immutable values; the optimizer asks for {@code rate(t)} once per step.
 */
public sealed interface LearningRateSchedule {

    /** μ for iteration {@code t ≥ 0}. */
    double rate(long t);

    /** The schedule's kind as the command line names it: constant, step, exponential or cosine. */
    String name();

    /**
     * The schedule's parameters by name: with {@link #name()}, all that determines μ(t). A resumed run must have
     * the same ones as its checkpoint.
     */
    Map<String, Double> parameters();

    /** μ(t) = μ. */
    record Constant(double rate) implements LearningRateSchedule {
        public Constant {
            checkRate("rate", rate);
        }

        @Override
        public double rate(long t) {
            checkIteration(t);
            return rate;
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("rate", rate);
        }
    }

    /** μ(t) = μ0 · γ^⌊t / every⌋: multiply by γ once every {@code everyIterations} steps. */
    record StepDecay(double initialRate, double gamma, long everyIterations) implements LearningRateSchedule {
        public StepDecay {
            checkRate("initialRate", initialRate);
            checkGamma(gamma);
            if (everyIterations < 1) {
                throw new IllegalArgumentException("everyIterations must be at least 1, got " + everyIterations);
            }
        }

        @Override
        public double rate(long t) {
            checkIteration(t);
            return initialRate * Math.pow(gamma, t / everyIterations);
        }

        @Override
        public String name() {
            return "step";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("initialRate", initialRate, "gamma", gamma, "everyIterations", (double) everyIterations);
        }
    }

    /** μ(t) = μ0 · γ^t. */
    record ExponentialDecay(double initialRate, double gamma) implements LearningRateSchedule {
        public ExponentialDecay {
            checkRate("initialRate", initialRate);
            checkGamma(gamma);
        }

        @Override
        public double rate(long t) {
            checkIteration(t);
            return initialRate * Math.pow(gamma, t);
        }

        @Override
        public String name() {
            return "exponential";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("initialRate", initialRate, "gamma", gamma);
        }
    }

    /**
     * μ(t) = μmin + ½ (μ0 − μmin) (1 + cos(π · min(t, T) / T)): a half cosine from μ0 at t = 0 down to
     * μmin at t = T, then held at μmin.
     */
    record CosineDecay(double initialRate, double minRate, long totalIterations) implements LearningRateSchedule {
        public CosineDecay {
            checkRate("initialRate", initialRate);
            if (!(minRate >= 0 && minRate <= initialRate)) {
                throw new IllegalArgumentException(
                        "minRate must be in [0, initialRate = " + initialRate + "], got " + minRate);
            }
            if (totalIterations < 1) {
                throw new IllegalArgumentException("totalIterations must be at least 1, got " + totalIterations);
            }
        }

        @Override
        public double rate(long t) {
            checkIteration(t);
            double progress = (double) Math.min(t, totalIterations) / totalIterations;
            return minRate + 0.5 * (initialRate - minRate) * (1 + Math.cos(Math.PI * progress));
        }

        @Override
        public String name() {
            return "cosine";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("initialRate", initialRate, "minRate", minRate, "totalIterations", (double) totalIterations);
        }
    }

    private static void checkRate(String name, double rate) {
        if (!(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + rate);
        }
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
    }

    private static void checkIteration(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("iteration must be non-negative, got " + t);
        }
    }
}
