package org.sparkmlp.core.train;

/** The dataset's own order: the original design's "first n rows, then the next n". */
public record SequentialOrder(long size) implements EpochOrder {
    public SequentialOrder {
        if (size <= 0) {
            throw new IllegalArgumentException("an epoch needs at least one row, got " + size);
        }
    }

    @Override
    public long rowAt(long position) {
        return position;
    }

    @Override
    public long positionOf(long row) {
        return row;
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
