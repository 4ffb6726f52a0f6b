package org.sparkmlp.bench.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The executors' run time of the tasks of training jobs (those {@code SparkTrainer} runs in its {@code mlp-train-}
 * job group: the iterations' backpropagation and gradient sums, not the packing of the data), summed over tasks
 * since the last {@link #reset}, from Spark's task metrics.
 */
final class TrainingTaskTime extends SparkListener {
    private final SparkSession spark;
    private final Set<Integer> trainingStages = ConcurrentHashMap.newKeySet();
    private final AtomicLong millis = new AtomicLong();

    private TrainingTaskTime(SparkSession spark) {
        this.spark = spark;
    }

    static TrainingTaskTime listen(SparkSession spark) {
        TrainingTaskTime listener = new TrainingTaskTime(spark);
        spark.sparkContext().addSparkListener(listener);
        return listener;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        String group = event.properties() == null ? null : event.properties().getProperty("spark.jobGroup.id");
        if (group != null && group.startsWith("mlp-train-")) {
            scala.jdk.javaapi.CollectionConverters.asJava(event.stageIds())
                    .forEach(stage -> trainingStages.add((Integer) stage));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (trainingStages.contains(event.stageId()) && event.taskMetrics() != null) {
            millis.addAndGet(event.taskMetrics().executorRunTime());
        }
    }

    void reset() {
        drain();
        millis.set(0);
    }

    /** Seconds of the training tasks since {@link #reset}, once every event so far has been delivered. */
    double seconds() {
        drain();
        return millis.get() / 1e3;
    }

    /** Waits until the listener bus has delivered every event posted so far. */
    private void drain() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not deliver its events", e);
        }
    }
}
