package org.sparkmlp.job.train;

import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;

/**
 * The optimizer options of a {@link TrainingSpec}, checked by its builder. The optimizer itself is built per run,
 * because the cosine schedule's default length is the run's number of iterations.
 *
 * @param rule     sgd, momentum, nesterov, adam or lazy-adam
 * @param schedule constant, step, exponential or cosine
 * @param step     iterations between the step schedule's decays, or of the cosine's fall; null for the default
 * @param clipNorm the L2 norm the mean gradient is clipped to, or null for none
 */
record OptimizerSettings(
        String rule,
        double learningRate,
        double momentum,
        String schedule,
        double decay,
        Long step,
        double minRate,
        double weightDecay,
        Double clipNorm) {

    /** The optimizer of a run of {@code runIterations} iterations (all its epochs). */
    Optimizer build(int parameterCount, long runIterations) {
        Optimizer.Builder builder = Optimizer.builder(UpdateRule.named(rule, momentum), schedule(runIterations))
                .weightDecay(weightDecay);
        if (clipNorm != null) {
            builder.clipNorm(clipNorm);
        }
        return builder.build(parameterCount);
    }

    private LearningRateSchedule schedule(long runIterations) {
        return switch (schedule) {
            case "constant" -> new LearningRateSchedule.Constant(learningRate);
            case "step" ->
                new LearningRateSchedule.StepDecay(learningRate, decay, step != null ? step : TrainingDefaults.LR_STEP);
            case "exponential" -> new LearningRateSchedule.ExponentialDecay(learningRate, decay);
            case "cosine" ->
                new LearningRateSchedule.CosineDecay(learningRate, minRate, step != null ? step : runIterations);
            default -> throw new IllegalStateException("the builder admits no schedule '" + schedule + "'");
        };
    }
}
