package org.sparkmlp.job.train;

import java.io.IOException;
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
 */
final class JobsEngine implements IterationEngine {
    private final JavaSparkContext sc;
    private final JavaRDD<LabeledBlock> blocks;
    private final MinibatchSchedule schedule;
    private final MinibatchGradient gradient;
    private final int epochs;
    private final Precision wire;
    private final float[] w32;
    private final boolean sendsDeltas;
    private final long run = ThreadLocalRandom.current().nextLong();
    private Broadcast<double[]> base;
    private Broadcast<float[]> base32;
    private long deltas;

    /** @param sparseRows whether the rows are sparse, so that w is sent as a base and deltas */
    JobsEngine(
            JavaSparkContext sc,
            Topology topology,
            JavaRDD<LabeledBlock> blocks,
            MinibatchSchedule schedule,
            int treeDepth,
            int epochs,
            Precision precision,
            Precision wire,
            boolean sparseRows) {
        this.sc = sc;
        this.blocks = blocks;
        this.schedule = schedule;
        this.gradient = new MinibatchGradient(topology, treeDepth, precision);
        this.epochs = epochs;
        this.wire = wire;
        this.w32 = wire == Precision.FLOAT32 ? new float[topology.parameterCount()] : null;
        this.sendsDeltas = sparseRows;
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
                sum = sumWithDelta(epoch, t, w, changed);
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

    private GradientSum sumWithDelta(int epoch, long t, double[] w, ChangedParameters changed) {
        if (base == null && base32 == null) {
            // w as the run's first delta finds it: a copy, since the step updates w in place
            if (wire == Precision.FLOAT32) {
                base32 = sc.broadcast(Float32.narrow(w));
            } else {
                base = sc.broadcast(w.clone());
            }
        }
        Broadcast<WeightDelta> delta =
                sc.broadcast(WeightDelta.of(run, deltas++, changed, w, wire == Precision.FLOAT32));
        GradientSum sum = gradient.sum(
                blocks, schedule, epoch, base, base32, delta, schedule.batchStart(t), schedule.batchLength(t));
        delta.destroy();
        return sum;
    }

    @Override
    public void close() {
        GradientArrays.clear();
        if (base != null) {
            base.destroy();
        }
        if (base32 != null) {
            base32.destroy();
        }
    }
}
