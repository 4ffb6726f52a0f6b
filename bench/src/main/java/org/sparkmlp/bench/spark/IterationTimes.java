package org.sparkmlp.bench.spark;

import java.util.Arrays;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.train.TrainingListener;

/** Records the wall time of every iteration of a training run (the gaps between iterationDone calls). */
final class IterationTimes implements TrainingListener {
    private final long[] nanos;
    private int count;
    private long last;

    IterationTimes(int iterations) {
        this.nanos = new long[iterations];
    }

    int capacity() {
        return nanos.length;
    }

    /** Call just before training starts. */
    IterationTimes start() {
        last = System.nanoTime();
        return this;
    }

    @Override
    public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
        long now = System.nanoTime();
        if (count < nanos.length) {
            nanos[count++] = now - last;
        }
        last = now;
    }

    @Override
    public void epochDone(EpochResult result, Evaluation validation) {}

    /** Milliseconds of the first iteration (an epoch's first also sorts the partitions by the epoch's order). */
    double firstMillis() {
        return nanos[0] / 1e6;
    }

    /** Milliseconds of iterations {@code skip + 1 …}. */
    double[] millis(int skip) {
        return Arrays.stream(nanos, skip, count).mapToDouble(n -> n / 1e6).toArray();
    }

    /** Median milliseconds of iterations {@code skip + 1 …}: the steady state, robust to the machine's noise. */
    double medianMillis(int skip) {
        return Stats.median(millis(skip));
    }
}
