package org.sparkmlp.job.cli;

import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingSpec;
import picocli.CommandLine.Option;

/** The options that choose and tune the optimizer. */
final class OptimizerOptions {
    @Option(
            names = "--optimizer",
            defaultValue = TrainingDefaults.OPTIMIZER,
            description = "sgd, momentum, nesterov, adam or lazy-adam (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(
            names = "--lr",
            defaultValue = "" + TrainingDefaults.LR,
            description = "Learning rate μ (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--momentum",
            defaultValue = "" + TrainingDefaults.MOMENTUM,
            description = "β of momentum and nesterov, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(
            names = "--lr-schedule",
            defaultValue = TrainingDefaults.LR_SCHEDULE,
            description = "constant, step, exponential or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(
            names = "--lr-decay",
            defaultValue = "" + TrainingDefaults.LR_DECAY,
            description = "γ of the step and exponential schedules, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(
            names = "--lr-step",
            description = "Iterations between decays of the step schedule (default: "
                    + TrainingDefaults.LR_STEP
                    + "); iterations over which the cosine schedule falls to --lr-min (default: "
                    + "all --epochs).")
    Long step;

    @Option(
            names = "--lr-min",
            defaultValue = "" + TrainingDefaults.LR_MIN,
            description = "Final rate of the cosine schedule, in [0, --lr] (default: ${DEFAULT-VALUE}).")
    double minRate;

    @Option(
            names = "--weight-decay",
            defaultValue = "" + TrainingDefaults.WEIGHT_DECAY,
            description = "L2 weight decay λ (default: none).")
    double weightDecay;

    @Option(names = "--clip-norm", description = "Clip the mean gradient to this L2 norm (default: no clipping).")
    Double clipNorm;

    /** Sets these options on {@code spec}; each is checked there. */
    TrainingSpec.Builder applyTo(TrainingSpec.Builder spec) {
        return spec.optimizer(rule)
                .lr(learningRate)
                .momentum(beta)
                .lrSchedule(schedule)
                .lrDecay(gamma)
                .lrStep(step)
                .lrMin(minRate)
                .weightDecay(weightDecay)
                .clipNorm(clipNorm);
    }
}
