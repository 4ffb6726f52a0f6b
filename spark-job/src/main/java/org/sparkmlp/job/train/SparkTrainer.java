package org.sparkmlp.job.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.ChangedParameters;
import org.sparkmlp.core.train.Divergence;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.core.train.RegressionEvaluation;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.model.Checkpoint;
import org.sparkmlp.job.model.EpochMetrics;
import org.sparkmlp.job.model.ResumeSettings;

/**
 * Data-parallel minibatch SGD on Spark, equal to core-math's single-process
 * {@link org.sparkmlp.core.train.Trainer} up to floating-point summation order.
 *
 * <p>Every iteration t of epoch e, every partition sums ∂C/∂w over its members of minibatch t, the sums are
 * combined, and the driver divides by the minibatch size and lets the {@link Optimizer} update w. How the sums are
 * computed is the {@link IterationEngine}'s business; this class owns the epoch loop and its policies (checkpoints,
 * validation, early stopping, metrics, listeners). Minibatches come
 * from the global {@link MinibatchSchedule}, so the number of partitions changes speed, never the result. In each
 * epoch every partition sorts its rows once by their position in that epoch's order ({@link EpochOrdering}).
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private final Topology topology;
    private final TrainingConfig config;
    private final TrainingLimits limits;
    private final Engine engine;
    private final Precision precision;
    private final Precision wire;

    /** A trainer with FP64 arithmetic and FP64 on the wire. */
    public SparkTrainer(
            JavaSparkContext sc, Topology topology, TrainingConfig config, TrainingLimits limits, Engine engine) {
        this(sc, topology, config, limits, engine, Precision.FLOAT64, Precision.FLOAT64);
    }

    /** @param wire FP32 whenever {@code precision} is: FP32 compute has FP32 values to send */
    public SparkTrainer(
            JavaSparkContext sc,
            Topology topology,
            TrainingConfig config,
            TrainingLimits limits,
            Engine engine,
            Precision precision,
            Precision wire) {
        if (precision == Precision.FLOAT32 && wire != Precision.FLOAT32) {
            throw new IllegalArgumentException("FP32 compute sends FP32: the wire must be float32 too");
        }
        this.sc = sc;
        this.topology = topology;
        this.config = config;
        this.limits = limits;
        this.engine = engine;
        this.precision = precision;
        this.wire = wire;
    }

    /**
     * Trains from {@code request.w()} (updated in place) or, if it names one, from a checkpoint.
     *
     * @throws ArithmeticException      if the training cost becomes NaN or infinite
     * @throws TrainingFailedException  if the barrier engine's stage failed more often than it may
     * @throws IllegalArgumentException if the checkpoint belongs to a different configuration
     */
    public TrainingOutcome train(TrainingRequest request) throws IOException {
        // every job of this run in one group of the Spark UI, each described by its epoch and iteration
        sc.setJobGroup(
                "mlp-train-" + UUID.randomUUID(),
                "mlp train " + topology.layers() + ", " + request.rows() + " rows, " + config.epochs() + " epochs",
                false);
        try (IterationEngine iterations = newEngine(request)) {
            return run(request, iterations);
        } finally {
            sc.clearJobGroup();
        }
    }

    private IterationEngine newEngine(TrainingRequest request) {
        MinibatchSchedule schedule = config.scheduleFor(request.rows());
        return switch (engine) {
            case JOBS ->
                new JobsEngine(
                        sc,
                        topology,
                        request.train(),
                        schedule,
                        limits.treeDepth(),
                        config.epochs(),
                        precision,
                        wire,
                        request.storage() == FeatureStorage.SPARSE,
                        request.optimizer().rule().lazy());
            case BARRIER ->
                new BarrierEngine(
                        sc, topology, request.train(), schedule, config.epochs(), request.listener(), precision, wire);
        };
    }

    /**
     * FP32 changes the results, so it is a resume setting; FP64, the default, is not named, as before FP32. Float32
     * storage rounds the features, which FP32 compute does anyway: it is a setting of FP64 runs only.
     */
    private ResumeSettings resumeSettings(TrainingRequest request, Optimizer optimizer) {
        ResumeSettings settings = ResumeSettings.of(topology, request.rows(), config, optimizer);
        if (precision == Precision.FLOAT64) {
            settings = settings.withStorage(request.storage());
        } else {
            settings = settings.with("precision", EnumNames.of(precision));
        }
        if (wire != Precision.FLOAT64) {
            settings = settings.with("wire", EnumNames.of(wire));
        }
        return settings;
    }

    private TrainingOutcome run(TrainingRequest request, IterationEngine iterations) throws IOException {
        if (limits.patience() > 0 && request.validation() == null) {
            throw new IllegalArgumentException("early stopping needs a validation set");
        }
        double[] w = request.w();
        Optimizer optimizer = request.optimizer();
        TrainingListener listener = request.listener();
        MinibatchSchedule schedule = config.scheduleFor(request.rows());
        RunState state = new RunState(w, request.resumeFrom(), resumeSettings(request, optimizer), optimizer);
        long perEpoch = schedule.iterationsPerEpoch();
        long total = config.epochs() * perEpoch;
        if (limits.maxIterations() > 0) {
            total = Math.min(total, limits.maxIterations());
        }
        double[] meanGradient = new double[w.length];
        ChangedParameters changed = ChangedParameters.at(topology, optimizer);
        List<EpochResult> epochs = new ArrayList<>();
        long runStarted = System.nanoTime();
        // a resumed run's clock carries on from the last epoch before the checkpoint
        double elapsedBefore = state.history.isEmpty()
                ? 0
                : state.history.get(state.history.size() - 1).elapsedSeconds();
        String stopReason = null;

        while (state.iteration < total && stopReason == null) {
            int epoch = (int) (state.iteration / perEpoch);
            long lastOfEpoch = Math.min(perEpoch, total - epoch * perEpoch);
            long started = System.nanoTime();
            // a resumed epoch carries on with the training cost its minibatches had before the checkpoint
            EpochProgress progress = new EpochProgress(state.resumedLossSum, state.resumedRows);
            state.resumedLossSum = 0;
            state.resumedRows = 0;
            long first = state.iteration % perEpoch;
            listener.epochStarted(epoch + 1, config.epochs(), first, lastOfEpoch);
            IterationEngine.Step step = new IterationEngine.Step() {
                @Override
                public void apply(long t, GradientSum sum) throws IOException {
                    begin(t, sum);
                    if (changed.isEverything()) {
                        sum.meanGradientInto(meanGradient);
                        optimizer.step(w, meanGradient);
                    } else if (optimizer.rule().lazy()) {
                        // a lazy rule leaves alone every parameter this minibatch's gradient cannot reach
                        sum.meanGradientInto(meanGradient, changed.lastRanges(), changed.lastRangeCount());
                        optimizer.step(w, meanGradient, changed.lastRanges(), changed.lastRangeCount());
                    } else {
                        // the rest of w, and of the mean gradient, has not moved since the run began
                        sum.meanGradientInto(meanGradient, changed.ranges(), changed.rangeCount());
                        optimizer.step(w, meanGradient, changed.ranges(), changed.rangeCount());
                    }
                    done(t, sum);
                }

                @Override
                public boolean inParts() {
                    return optimizer.stepsInParts();
                }

                @Override
                public void begin(long t, GradientSum sum) throws IOException {
                    int n = schedule.batchLength(t);
                    if (sum.count() != n) {
                        throw new IllegalStateException("minibatch " + t + " of epoch " + (epoch + 1) + " should hold "
                                + n + " rows, the partitions returned " + sum.count());
                    }
                    Divergence.check(sum.lossSum(), epoch, state.iteration, state.lastCheckpointNote());
                    changed.record(sum);
                }

                @Override
                public void part(GradientSum sum, int from, int to) {
                    sum.meanGradientInto(meanGradient, from, to);
                    optimizer.stepPart(w, meanGradient, from, to);
                }

                @Override
                public void end(long t, GradientSum sum) {
                    optimizer.endStep();
                    done(t, sum);
                }

                @Override
                public void undo() {
                    optimizer.undoParts(w);
                }

                private void done(long t, GradientSum sum) {
                    progress.lossSum += sum.lossSum();
                    progress.seen += sum.count();
                    state.iteration++;
                    listener.iterationDone(
                            t + 1, progress.meanLoss(), progress.seen, progress.samplesPerSecond(started));
                }
            };
            // spans end at checkpoints, so that a barrier stage never has to wait for one to be written
            for (long t = first; t < lastOfEpoch; ) {
                long end = !checkpointing(request.checkpoints())
                        ? lastOfEpoch
                        : Math.min(
                                lastOfEpoch, t + limits.checkpointEvery() - state.iteration % limits.checkpointEvery());
                iterations.run(epoch, t, end, w, changed, step);
                t = end;
                if (t < lastOfEpoch && dueForCheckpoint(state.iteration, request.checkpoints())) {
                    request.checkpoints().save(state.checkpoint(w, optimizer, progress.lossSum, progress.seen));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean wholeEpoch = state.iteration % perEpoch == 0;
            boolean checkpointNow = dueForCheckpoint(state.iteration, request.checkpoints())
                    || (checkpointing(request.checkpoints()) && state.iteration == total);
            if (checkpointNow && !wholeEpoch) {
                // an epoch cut short by the iteration limit: a resume finishes it, so its metrics line is not saved
                request.checkpoints().save(state.checkpoint(w, optimizer, progress.lossSum, progress.seen));
            }
            boolean regression = request.targetScaling() != null;
            Evaluation evaluation =
                    request.validation() == null || regression ? null : evaluate(epoch, w, request.validation());
            RegressionEvaluation errors = request.validation() == null || !regression
                    ? null
                    : evaluateRegression(epoch, w, request.validation(), request.targetScaling());
            EpochResult result = new EpochResult(
                    epoch + 1,
                    state.iteration,
                    progress.meanLoss(),
                    evaluation != null ? evaluation.meanLoss() : errors != null ? errors.meanLoss() : Double.NaN,
                    evaluation == null ? Double.NaN : evaluation.accuracy(),
                    errors == null ? Double.NaN : errors.rmse(),
                    seconds,
                    progress.samplesPerSecond(started));
            epochs.add(result);
            state.history.add(
                    EpochMetrics.of(result, evaluation, elapsedBefore + (System.nanoTime() - runStarted) / 1e9));
            listener.epochDone(result, evaluation);
            if (limits.patience() > 0) {
                stopReason = state.earlyStopping(result, w, limits.patience());
            }
            if (checkpointNow && wholeEpoch) {
                request.checkpoints().save(state.checkpoint(w, optimizer, 0, 0));
            }
        }
        if (stopReason == null) {
            stopReason = state.iteration >= config.epochs() * perEpoch
                    ? "completed " + config.epochs() + (config.epochs() == 1 ? " epoch" : " epochs")
                    : "reached the limit of " + limits.maxIterations() + " iterations";
        }
        double[] result = limits.patience() > 0 && state.bestParameters != null ? state.bestParameters : w;
        return new TrainingOutcome(result, epochs, List.copyOf(state.history), state.iteration, stopReason);
    }

    /** The training cost and rows of the epoch so far, those before a resume included. */
    private static final class EpochProgress {
        final long rowsBefore;
        double lossSum;
        long seen;

        EpochProgress(double lossSum, long seen) {
            this.lossSum = lossSum;
            this.seen = seen;
            this.rowsBefore = seen;
        }

        double meanLoss() {
            return lossSum / seen;
        }

        double samplesPerSecond(long started) {
            return (seen - rowsBefore) / ((System.nanoTime() - started) / 1e9);
        }
    }

    private boolean checkpointing(TrainingRequest.CheckpointSink checkpoints) {
        return checkpoints != null && limits.checkpointEvery() > 0;
    }

    private boolean dueForCheckpoint(long iteration, TrainingRequest.CheckpointSink checkpoints) {
        return checkpointing(checkpoints) && iteration % limits.checkpointEvery() == 0;
    }

    private Evaluation evaluate(int epoch, double[] w, JavaRDD<LabeledBlock> validation) {
        sc.setJobDescription("epoch " + (epoch + 1) + "/" + config.epochs() + " · validation");
        Broadcast<double[]> parameters = sc.broadcast(w);
        Evaluation evaluation = DistributedEvaluation.evaluate(validation, parameters, topology);
        parameters.destroy();
        return evaluation;
    }

    private RegressionEvaluation evaluateRegression(
            int epoch, double[] w, JavaRDD<LabeledBlock> validation, FeatureScaling targetScaling) {
        sc.setJobDescription("epoch " + (epoch + 1) + "/" + config.epochs() + " · validation");
        Broadcast<double[]> parameters = sc.broadcast(w);
        RegressionEvaluation errors =
                DistributedEvaluation.evaluateRegression(validation, parameters, topology, targetScaling);
        parameters.destroy();
        return errors;
    }

    /** The mutable progress of a run: what a checkpoint captures. */
    private static final class RunState {
        final ResumeSettings settings;
        final List<EpochMetrics> history = new ArrayList<>();
        long iteration;
        double bestLoss = Double.NaN;
        int badEpochs;
        double[] bestParameters;
        long lastCheckpoint = -1;
        double resumedLossSum;
        long resumedRows;

        RunState(double[] w, Checkpoint resumeFrom, ResumeSettings settings, Optimizer optimizer) {
            this.settings = settings;
            if (resumeFrom == null) {
                return;
            }
            resumeFrom.settings().requireResumableBy(settings);
            System.arraycopy(resumeFrom.parameters(), 0, w, 0, w.length);
            optimizer.restore(resumeFrom.optimizer());
            iteration = resumeFrom.iteration();
            resumedLossSum = resumeFrom.epochLossSum();
            resumedRows = resumeFrom.epochRows();
            bestLoss = resumeFrom.bestLoss();
            badEpochs = resumeFrom.badEpochs();
            bestParameters = resumeFrom.bestParameters() == null
                    ? null
                    : resumeFrom.bestParameters().clone();
            history.addAll(resumeFrom.history());
            lastCheckpoint = iteration;
        }

        Checkpoint checkpoint(double[] w, Optimizer optimizer, double epochLossSum, long epochRows) {
            lastCheckpoint = iteration;
            return new Checkpoint(
                    settings,
                    iteration,
                    w.clone(),
                    optimizer.state(),
                    epochLossSum,
                    epochRows,
                    bestLoss,
                    badEpochs,
                    bestParameters == null ? null : bestParameters.clone(),
                    history);
        }

        String lastCheckpointNote() {
            return lastCheckpoint < 0 ? "" : "; the last good checkpoint (iteration " + lastCheckpoint + ") is kept";
        }

        /** Records the epoch's validation loss; returns why to stop, or null to go on. */
        String earlyStopping(EpochResult result, double[] w, int patience) {
            if (Double.isNaN(bestLoss) || result.evalLoss() < bestLoss) {
                bestLoss = result.evalLoss();
                badEpochs = 0;
                bestParameters = w.clone();
                return null;
            }
            badEpochs++;
            return badEpochs >= patience
                    ? String.format(
                            Locale.ROOT,
                            "stopped early: no lower validation loss than %.6f for %d epochs; kept that epoch's parameters",
                            bestLoss,
                            badEpochs)
                    : null;
        }
    }
}
