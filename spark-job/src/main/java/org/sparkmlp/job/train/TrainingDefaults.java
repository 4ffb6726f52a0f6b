package org.sparkmlp.job.train;

/**
 * The default value of every {@link TrainingOption} that has one, shared by {@code mlp train}'s options and the
 * estimators' Params. Constants, so that the command line's annotations can name them.
 */
public final class TrainingDefaults {
    public static final String TASK = "classification";
    public static final String ACTIVATION = "sigmoid";
    /** The output layer and loss of classification; regression's are {@link #REGRESSION_OUTPUT} and quadratic. */
    public static final String OUTPUT = "softmax";

    public static final String LOSS = "cross-entropy";
    public static final String REGRESSION_OUTPUT = "identity";
    public static final String REGRESSION_LOSS = "quadratic";
    public static final String OPTIMIZER = "sgd";
    public static final double LR = 0.1;
    public static final double MOMENTUM = 0.9;
    public static final String LR_SCHEDULE = "constant";
    public static final double LR_DECAY = 0.1;
    /** The step schedule's decay interval when {@code lr-step} is not given (the cosine's is the whole run). */
    public static final long LR_STEP = 1000;

    public static final double LR_MIN = 0;
    public static final double WEIGHT_DECAY = 0;
    public static final int BATCH = 64;
    public static final int EPOCHS = 5;
    public static final long MAX_ITERATIONS = 0;
    public static final String SHUFFLE = "epoch";
    public static final long SEED = 1;
    public static final int PATIENCE = 0;
    public static final int TREE_DEPTH = 1;
    public static final String ENGINE = "jobs";
    public static final String PRECISION = "float64";
    public static final String WIRE = "float64";
    public static final long CHECKPOINT_EVERY = 0;
    public static final int PARTITIONS = 0;
    public static final String STORAGE = "auto";

    private TrainingDefaults() {}
}
