package org.sparkmlp.job.train;

import java.util.Locale;
import java.util.Optional;

/**
 * The options of a training run ({@link TrainingSpec}) under their two names: the command line's
 * ({@code mlp train --lr-schedule}, the job file's {@code lr-schedule}) and the Spark ML Param's
 * ({@code lrSchedule}). A Param is named as the camel case of the option, except where an estimator Param of
 * another name predates the option ({@code learningRate} for {@code --lr}).
 */
public enum TrainingOption {
    TASK("task"),
    LAYERS("layers"),
    ACTIVATION("activation"),
    OUTPUT("output", "outputActivation"),
    LOSS("loss"),
    STANDARDIZE("standardize"),
    OPTIMIZER("optimizer"),
    LR("lr", "learningRate"),
    MOMENTUM("momentum"),
    LR_SCHEDULE("lr-schedule"),
    LR_DECAY("lr-decay"),
    LR_STEP("lr-step"),
    LR_MIN("lr-min"),
    WEIGHT_DECAY("weight-decay"),
    CLIP_NORM("clip-norm"),
    BATCH("batch", "batchSize"),
    EPOCHS("epochs"),
    MAX_ITERATIONS("max-iterations"),
    SHUFFLE("shuffle"),
    SEED("seed"),
    PATIENCE("patience"),
    TREE_DEPTH("tree-depth"),
    ENGINE("engine"),
    PRECISION("precision"),
    WIRE("wire"),
    CHECKPOINT_DIR("checkpoint-dir"),
    CHECKPOINT_EVERY("checkpoint-every", "checkpointInterval"),
    RESUME("resume"),
    PARTITIONS("partitions", "numPartitions"),
    STORAGE("storage");

    private final String cliName;
    private final String paramName;

    TrainingOption(String cliName) {
        this(cliName, camelCase(cliName));
    }

    TrainingOption(String cliName, String paramName) {
        this.cliName = cliName;
        this.paramName = paramName;
    }

    /** The command line's name without its dashes, which is also the job file's key: {@code lr-schedule}. */
    public String cliName() {
        return cliName;
    }

    /** The option as typed on the command line: {@code --lr-schedule}. */
    public String flag() {
        return "--" + cliName;
    }

    /** The name of the estimators' Param: {@code lrSchedule}. */
    public String paramName() {
        return paramName;
    }

    /** The option whose command-line name (with or without its dashes) is {@code name}. */
    public static Optional<TrainingOption> forCliName(String name) {
        String bare = name.replaceFirst("^-+", "");
        for (TrainingOption option : values()) {
            if (option.cliName.equals(bare)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** The option whose Param is called {@code name}. */
    public static Optional<TrainingOption> forParamName(String name) {
        for (TrainingOption option : values()) {
            if (option.paramName.equals(name)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    private static String camelCase(String cliName) {
        StringBuilder name = new StringBuilder();
        for (String part : cliName.split("-")) {
            name.append(name.length() == 0 ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
        }
        return name.toString();
    }
}
