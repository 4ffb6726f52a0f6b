package org.sparkmlp.job.train;

/**
 * When a distributed run stops and what it leaves behind, beyond the epochs of its
 * {@link org.sparkmlp.core.train.TrainingConfig}.
 *
 * @param maxIterations   stop after this many iterations in total (0: no limit)
 * @param checkpointEvery write a checkpoint after every this many iterations (0: never)
 * @param patience        early stopping: stop after this many epochs without a lower validation loss and keep
 *                        the parameters of the best epoch (0: off)
 * @param treeDepth       depth of the tree reduction of gradients: 1, the driver adds the task results in partition
 *                        order; ≥ 2, {@code treeReduce} on the executors
 */
public record TrainingLimits(long maxIterations, long checkpointEvery, int patience, int treeDepth) {
    public TrainingLimits {
        if (maxIterations < 0 || checkpointEvery < 0 || patience < 0) {
            throw new IllegalArgumentException("max iterations, checkpoint interval and patience must not be negative");
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("tree depth must be at least 1, got " + treeDepth);
        }
    }

    /** Epochs only: no iteration limit, no checkpoints, no early stopping; the driver adds the task results. */
    public static TrainingLimits none() {
        return new TrainingLimits(0, 0, 0, 1);
    }
}
