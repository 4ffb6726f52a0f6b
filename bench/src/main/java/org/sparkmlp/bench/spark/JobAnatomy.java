package org.sparkmlp.bench.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Where the time of short Spark jobs goes, from Spark's own listener events (millisecond timestamps): the
 * DAG scheduler's part (job start to stage submission), task set-up (stage submission to the first task's launch:
 * serializing and broadcasting the task binary, resource offers), what the tasks spend deserializing, running and
 * serializing their results, the rest of a task's life on the executor, and the end of the job after its last
 * task (result fetch and deserialization on the driver, job completion). Medians over the jobs seen while it
 * listened.
 */
final class JobAnatomy extends SparkListener {
    /** Median milliseconds of each phase. */
    record Phases(
            double job,
            double schedule,
            double launch,
            double deserialize,
            double run,
            double serializeResult,
            double executorOther,
            double finish,
            int jobs) {}

    private static final class Job {
        long start;
        long end = -1;
        long stageSubmitted = -1;
        long firstLaunch = Long.MAX_VALUE;
        long lastFinish;
        long deserialize;
        long run;
        long serializeResult;
        long executorOther;
        int tasks;
    }

    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        Job job = new Job();
        job.start = event.time();
        jobs.put(event.jobId(), job);
        scala.jdk.javaapi.CollectionConverters.asJava(event.stageIds())
                .forEach(stage -> jobOfStage.put((Integer) stage, event.jobId()));
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        Job job = jobOf(event.stageInfo().stageId());
        if (job != null && event.stageInfo().submissionTime().isDefined()) {
            job.stageSubmitted = (Long) event.stageInfo().submissionTime().get();
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        Job job = jobOf(event.stageId());
        TaskInfo info = event.taskInfo();
        TaskMetrics metrics = event.taskMetrics();
        if (job == null || metrics == null) {
            return;
        }
        synchronized (job) {
            job.firstLaunch = Math.min(job.firstLaunch, info.launchTime());
            job.lastFinish = Math.max(job.lastFinish, info.finishTime());
            long inside =
                    metrics.executorDeserializeTime() + metrics.executorRunTime() + metrics.resultSerializationTime();
            job.deserialize += metrics.executorDeserializeTime();
            job.run += metrics.executorRunTime();
            job.serializeResult += metrics.resultSerializationTime();
            job.executorOther += Math.max(0, info.finishTime() - info.launchTime() - inside);
            job.tasks++;
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        Job job = jobs.get(event.jobId());
        if (job != null) {
            job.end = event.time();
        }
    }

    private Job jobOf(int stage) {
        Integer id = jobOfStage.get(stage);
        return id == null ? null : jobs.get(id);
    }

    /** Forgets the jobs seen so far (e.g. the warm-up). */
    void clear() {
        jobs.clear();
        jobOfStage.clear();
    }

    /** The medians over the finished jobs; per-task phases are averaged over the job's tasks first. */
    Phases phases() {
        List<Job> done = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.end >= 0 && job.tasks > 0 && job.stageSubmitted >= 0) {
                done.add(job);
            }
        }
        return new Phases(
                median(done, j -> j.end - j.start),
                median(done, j -> j.stageSubmitted - j.start),
                median(done, j -> j.firstLaunch - j.stageSubmitted),
                median(done, j -> (double) j.deserialize / j.tasks),
                median(done, j -> (double) j.run / j.tasks),
                median(done, j -> (double) j.serializeResult / j.tasks),
                median(done, j -> (double) j.executorOther / j.tasks),
                median(done, j -> j.end - j.lastFinish),
                done.size());
    }

    private static double median(List<Job> jobs, java.util.function.ToDoubleFunction<Job> value) {
        return Stats.median(jobs.stream().mapToDouble(value).toArray());
    }
}
