package org.sparkmlp.job.cli;

import java.util.Locale;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that choose and tune the optimizer; builds it. */
final class OptimizerOptions {
    private static final long STEP = 1000;

    @Option(names = "--optimizer", defaultValue = "sgd",
            description = "sgd, momentum, nesterov or adam (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate μ (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9",
            description = "β of momentum and nesterov (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--lr-schedule", defaultValue = "constant",
            description = "constant, step, exponential or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--lr-decay", defaultValue = "0.1",
            description = "γ of the step and exponential schedules (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--lr-step", description = "Iterations between decays of the step schedule (default: "
            + STEP + "); iterations over which the cosine schedule falls to --lr-min (default: all --epochs).")
    Long step;

    @Option(names = "--lr-min", defaultValue = "0", description = "Final rate of the cosine schedule.")
    double minRate;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay λ (default: none).")
    double weightDecay;

    @Option(names = "--clip-norm", description = "Clip the mean gradient to this L2 norm (default: no clipping).")
    Double clipNorm;

    /** A usage error for an unknown update rule or schedule, or a bad rate, before any work starts. */
    void check(CommandLine commandLine) {
        try {
            build(1, 1);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /** The optimizer of a run of {@code runIterations} iterations (all its epochs). */
    Optimizer build(int parameterCount, long runIterations) {
        Optimizer.Builder builder = Optimizer.builder(UpdateRule.named(rule, beta), learningRateSchedule(runIterations))
                .weightDecay(weightDecay);
        if (clipNorm != null) {
            builder.clipNorm(clipNorm);
        }
        return builder.build(parameterCount);
    }

    private LearningRateSchedule learningRateSchedule(long runIterations) {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "constant" -> new LearningRateSchedule.Constant(learningRate);
            case "step" -> new LearningRateSchedule.StepDecay(learningRate, gamma, step != null ? step : STEP);
            case "exponential" -> new LearningRateSchedule.ExponentialDecay(learningRate, gamma);
            case "cosine" -> new LearningRateSchedule.CosineDecay(learningRate, minRate,
                    step != null ? step : runIterations);
            default -> throw new IllegalArgumentException(
                    "unknown learning-rate schedule '" + schedule + "'; expected constant, step, exponential or cosine");
        };
    }
}
