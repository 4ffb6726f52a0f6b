package org.sparkmlp.core.train;

import org.sparkmlp.core.EnumNames;

/**
 * Which rows form minibatch t of epoch e. The one place that decides it, for every trainer.
 *
 * <p>Minibatches are defined on the global dataset of N rows: epoch e visits the rows in
 * {@link #order(int) order(e)}, and minibatch t is the rows at positions [tB, min((t+1)B, N)) of that
 * order. The last, partial minibatch is used, not dropped, so an epoch is ⌈N/B⌉ iterations. With
 * {@link Shuffle#NONE} the order is the dataset's own; with {@link Shuffle#EPOCH} it is a fresh keyed
 * permutation per epoch, derived from (seed, e) only — so it does not depend on how rows are split
 * across workers.
 */
public final class MinibatchSchedule implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How an epoch orders the rows. */
    public enum Shuffle {
        /** The dataset's own order. */
        NONE,
        /** A seeded permutation, new each epoch. */
        EPOCH;

        public static Shuffle parse(String name) {
            return switch (EnumNames.key(name)) {
                case "sequential" -> NONE;
                case "shuffle" -> EPOCH;
                default -> EnumNames.parse(Shuffle.class, name, "shuffle");
            };
        }
    }

    private final long rows;
    private final int batchSize;
    private final Shuffle shuffle;
    private final long seed;

    public MinibatchSchedule(long rows, int batchSize, Shuffle shuffle, long seed) {
        if (rows <= 0) {
            throw new IllegalArgumentException("the dataset is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.rows = rows;
        this.batchSize = batchSize;
        this.shuffle = java.util.Objects.requireNonNull(shuffle, "shuffle");
        this.seed = seed;
    }

    public long rows() {
        return rows;
    }

    public int batchSize() {
        return batchSize;
    }

    public Shuffle shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    /** ⌈N / B⌉. */
    public long iterationsPerEpoch() {
        return (rows + batchSize - 1) / batchSize;
    }

    /** The order of epoch {@code epoch} (0-based). */
    public EpochOrder order(int epoch) {
        if (shuffle == Shuffle.NONE) {
            return new SequentialOrder(rows);
        }
        return new FeistelPermutation(rows, seed * 0x9E3779B97F4A7C15L + epoch);
    }

    /** First position of minibatch t in the epoch order. */
    public long batchStart(long t) {
        return t * batchSize;
    }

    /** Number of rows in minibatch t: B, or fewer for the last one. */
    public int batchLength(long t) {
        if (t < 0 || t >= iterationsPerEpoch()) {
            throw new IndexOutOfBoundsException("minibatch " + t + " of " + iterationsPerEpoch());
        }
        return (int) Math.min(batchSize, rows - batchStart(t));
    }

    /** The minibatch that the row at {@code position} of an epoch order belongs to. */
    public long batchOf(long position) {
        return position / batchSize;
    }
}
