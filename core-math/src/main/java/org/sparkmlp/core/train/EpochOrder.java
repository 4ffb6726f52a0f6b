package org.sparkmlp.core.train;

/**
 * The order in which one epoch visits the N rows of a dataset: a bijection between positions
 * [0, N) in the epoch and global row indices [0, N). Both directions are O(1), so a worker holding
 * any subset of rows can find each row's position without materialising the whole permutation.
 */
public interface EpochOrder {
    /** N. */
    long size();

    /** The row visited at {@code position}. */
    long rowAt(long position);

    /** The position at which {@code row} is visited; the inverse of {@link #rowAt}. */
    long positionOf(long row);

    /** Whether {@code rowAt(p) == p} for all p (the dataset's own order). */
    boolean isIdentity();
}
