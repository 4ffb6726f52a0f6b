package org.sparkmlp.job.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.ChangedParameters;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.core.train.WeightDelta;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.spark.GradientArrays;

/**
 * {@link Engine#JOBS}: every iteration one Spark job ({@link MinibatchGradient}) against broadcast parameters.
 *
 * <p>With sparse rows most of w may never move in a run (the columns of W(1) of features no minibatch has held:
 * {@link ChangedParameters}), so the run broadcasts w once as its base and each iteration only what may have
 * changed since ({@link WeightDelta}): O(the features seen × n(1) + the other layers) per iteration, not O(P).
 * A {@linkplain org.sparkmlp.core.optim.UpdateRule#lazy() lazy} rule's step changes only its minibatch's columns
 * of W(1) and the other layers, so for one the iteration broadcasts only what the last step changed, chained to
 * the last complete delta ({@link DeltaChain}); a new complete delta starts a new chain when the steps since the
 * last would hold more values than it, after {@value #MAX_STEPS} steps, and at the start of each span of
 * iterations (w may be set between spans).
 */
final class JobsEngine implements IterationEngine {
    /** The most step deltas a chain holds: each is a handle every task carries. */
    static final int MAX_STEPS = 32;

    private final JavaSparkContext sc;
    private final JavaRDD<LabeledBlock> blocks;
    private final MinibatchSchedule schedule;
    private final MinibatchGradient gradient;
    private final int epochs;
    private final Precision wire;
    private final float[] w32;
    private final boolean sendsDeltas;
    private final boolean chainsSteps;
    private final long run = ThreadLocalRandom.current().nextLong();
    private Broadcast<double[]> base;
    private Broadcast<float[]> base32;
    private long deltas;
    private Broadcast<WeightDelta> complete;
    private final List<Broadcast<WeightDelta>> steps = new ArrayList<>();
    private long stepValues;

    /**
     * @param sparseRows whether the rows are sparse, so that w is sent as a base and deltas
     * @param lazyRule   whether the optimizer's rule is lazy, so that the deltas are chained steps
     */
    JobsEngine(
            JavaSparkContext sc,
            Topology topology,
            JavaRDD<LabeledBlock> blocks,
            MinibatchSchedule schedule,
            int treeDepth,
            int epochs,
            Precision precision,
            Precision wire,
            boolean sparseRows,
            boolean lazyRule) {
        this.sc = sc;
        this.blocks = blocks;
        this.schedule = schedule;
        this.gradient = new MinibatchGradient(topology, treeDepth, precision);
        this.epochs = epochs;
        this.wire = wire;
        this.w32 = wire == Precision.FLOAT32 ? new float[topology.parameterCount()] : null;
        this.sendsDeltas = sparseRows;
        this.chainsSteps = lazyRule;
    }

    @Override
    public void run(int epoch, long first, long end, double[] w, ChangedParameters changed, Step step)
            throws IOException {
        for (long t = first; t < end; t++) {
            sc.setJobDescription(String.format(
                    Locale.ROOT,
                    "epoch %d/%d · iteration %d/%d",
                    epoch + 1,
                    epochs,
                    t + 1,
                    schedule.iterationsPerEpoch()));
            GradientSum sum;
            if (sendsDeltas && !changed.isEverything()) {
                sum = sumWithDeltas(epoch, t, w, changed, t == first);
            } else {
                sum = sumWithWholeW(epoch, t, w);
            }
            step.apply(t, sum);
            GradientArrays.recycle(sum);
        }
    }

    private GradientSum sumWithWholeW(int epoch, long t, double[] w) {
        Broadcast<double[]> parameters = wire == Precision.FLOAT64 ? sc.broadcast(w) : null;
        Broadcast<float[]> parameters32 = null;
        if (wire == Precision.FLOAT32) {
            Float32.narrow(w, w32, w.length);
            parameters32 = sc.broadcast(w32);
        }
        GradientSum sum = gradient.sum(
                blocks,
                schedule,
                epoch,
                parameters,
                parameters32,
                null,
                schedule.batchStart(t),
                schedule.batchLength(t));
        if (parameters != null) {
            parameters.destroy();
        } else {
            parameters32.destroy();
        }
        return sum;
    }

    private GradientSum sumWithDeltas(int epoch, long t, double[] w, ChangedParameters changed, boolean firstOfSpan) {
        if (base == null && base32 == null) {
            // w as the run's first delta finds it: a copy, since the step updates w in place
            if (wire == Precision.FLOAT32) {
                base32 = sc.broadcast(Float32.narrow(w));
            } else {
                base = sc.broadcast(w.clone());
            }
        }
        DeltaChain chain;
        if (chainsSteps) {
            chain = nextChain(w, changed, firstOfSpan);
        } else {
            chain = DeltaChain.of(completeDelta(w, changed));
        }
        GradientSum sum = gradient.sum(
                blocks, schedule, epoch, base, base32, chain, schedule.batchStart(t), schedule.batchLength(t));
        if (!chainsSteps) {
            chain.complete().destroy();
        }
        return sum;
    }

    /** The chain with w as the last step left it: that step's delta appended, or a new complete delta. */
    private DeltaChain nextChain(double[] w, ChangedParameters changed, boolean firstOfSpan) {
        int stepSize = changed.lastSize();
        if (complete == null || firstOfSpan || steps.size() == MAX_STEPS || stepValues + stepSize > changed.size()) {
            destroyChain();
            complete = completeDelta(w, changed);
        } else {
            steps.add(sc.broadcast(WeightDelta.of(
                    run, deltas++, changed.lastRanges(), changed.lastRangeCount(), w, wire == Precision.FLOAT32)));
            stepValues += stepSize;
        }
        return DeltaChain.withSteps(complete, steps);
    }

    /** Every parameter of w changed since the base, broadcast as the run's next delta. */
    private Broadcast<WeightDelta> completeDelta(double[] w, ChangedParameters changed) {
        return sc.broadcast(WeightDelta.of(run, deltas++, changed, w, wire == Precision.FLOAT32));
    }

    private void destroyChain() {
        if (complete != null) {
            complete.destroy();
            complete = null;
        }
        for (Broadcast<WeightDelta> step : steps) {
            step.destroy();
        }
        steps.clear();
        stepValues = 0;
    }

    @Override
    public void close() {
        GradientArrays.clear();
        destroyChain();
        if (base != null) {
            base.destroy();
        }
        if (base32 != null) {
            base32.destroy();
        }
    }
}
