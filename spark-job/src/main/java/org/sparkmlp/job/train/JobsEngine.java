package org.sparkmlp.job.train;

import java.io.IOException;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.job.data.LabeledBlock;

/** {@link Engine#JOBS}: every iteration one Spark job ({@link MinibatchGradient}) against broadcast parameters. */
final class JobsEngine implements IterationEngine {
    private final JavaSparkContext sc;
    private final JavaRDD<LabeledBlock> blocks;
    private final MinibatchSchedule schedule;
    private final MinibatchGradient gradient;
    private final int epochs;
    private final Precision wire;
    private final float[] w32;

    JobsEngine(
            JavaSparkContext sc,
            Topology topology,
            JavaRDD<LabeledBlock> blocks,
            MinibatchSchedule schedule,
            int treeDepth,
            int epochs,
            Precision precision,
            Precision wire) {
        this.sc = sc;
        this.blocks = blocks;
        this.schedule = schedule;
        this.gradient = new MinibatchGradient(topology, treeDepth, precision);
        this.epochs = epochs;
        this.wire = wire;
        this.w32 = wire == Precision.FLOAT32 ? new float[topology.parameterCount()] : null;
    }

    @Override
    public void run(int epoch, long first, long end, double[] w, Step step) throws IOException {
        for (long t = first; t < end; t++) {
            sc.setJobDescription(String.format(
                    Locale.ROOT,
                    "epoch %d/%d · iteration %d/%d",
                    epoch + 1,
                    epochs,
                    t + 1,
                    schedule.iterationsPerEpoch()));
            Broadcast<double[]> parameters = wire == Precision.FLOAT64 ? sc.broadcast(w) : null;
            Broadcast<float[]> parameters32 = null;
            if (wire == Precision.FLOAT32) {
                Float32.narrow(w, w32, w.length);
                parameters32 = sc.broadcast(w32);
            }
            GradientSum sum = gradient.sum(
                    blocks, schedule, epoch, parameters, parameters32, schedule.batchStart(t), schedule.batchLength(t));
            if (parameters != null) {
                parameters.destroy();
            } else {
                parameters32.destroy();
            }
            step.apply(t, sum);
        }
    }

    @Override
    public void close() {}
}
