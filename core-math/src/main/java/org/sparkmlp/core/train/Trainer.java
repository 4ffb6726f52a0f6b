package org.sparkmlp.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Float64Block;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;

/**
 * Single-process minibatch SGD, the reference every distributed run must reproduce: for each epoch and
 * each minibatch t of the {@link MinibatchSchedule}, sum ∂C/∂w over the minibatch by backpropagation,
 * divide by its size, and let the {@link Optimizer} update w (plain SGD: w ← w − μ ∂C/∂w).
 */
public final class Trainer {
    private final Topology topology;
    private final Optimizer optimizer;
    private final TrainingConfig config;

    public Trainer(Topology topology, Optimizer optimizer, TrainingConfig config) {
        this.topology = topology;
        this.optimizer = optimizer;
        this.config = config;
    }

    /**
     * Trains {@code w} in place.
     *
     * @param eval     evaluated after every epoch, or null
     * @param progress told about every finished epoch
     * @return one result per epoch
     * @throws IllegalArgumentException if a dataset does not fit the topology
     * @throws ArithmeticException      if the training cost becomes NaN or infinite
     */
    public List<EpochResult> train(double[] w, DenseDataset train, DenseDataset eval, Consumer<EpochResult> progress) {
        DatasetCheck.fits(topology, train, "training set");
        if (eval != null) {
            DatasetCheck.fits(topology, eval, "evaluation set");
        }
        int d = train.numFeatures();
        Backpropagation backprop = new Backpropagation(topology);
        MinibatchGather gather = new MinibatchGather(d, config.batchSize());
        FeatureBlock trainFeatures = new Float64Block(train.features(), d);
        Minibatches minibatches = (order, start, n, sum) -> {
            if (order.isIdentity()) {
                // consecutive rows are already a column-major minibatch: no copy
                backprop.accumulateGradient(w, train.features(), start * d, train.targets(), start, n, sum);
            } else {
                gather.gather(trainFeatures, train.targets(), n, c -> (int) order.rowAt(start + c));
                backprop.accumulateGradient(w, gather.features(), 0, gather.targets(), 0, n, sum);
            }
        };
        Supplier<double[]> evaluate = eval == null
                ? null
                : eval.targets().areClasses()
                        ? () -> scores(Evaluation.of(backprop, w, eval))
                        : () -> scores(RegressionEvaluation.of(backprop, w, eval));
        return train(w, train.size(), minibatches, evaluate, progress);
    }

    /** {@link #train(double[], DenseDataset, DenseDataset, Consumer)} on sparse examples. */
    public List<EpochResult> train(
            double[] w, SparseDataset train, SparseDataset eval, Consumer<EpochResult> progress) {
        DatasetCheck.fits(topology, train, "training set");
        if (eval != null) {
            DatasetCheck.fits(topology, eval, "evaluation set");
        }
        Backpropagation backprop = new Backpropagation(topology);
        SparseMinibatchGather gather = new SparseMinibatchGather(train.numFeatures(), config.batchSize());
        Targets labels = Targets.classes(train.labels());
        Minibatches minibatches = (order, start, n, sum) -> {
            if (order.isIdentity()) {
                backprop.accumulateGradient(w, train.features(), start, labels, start, n, sum);
            } else {
                gather.gather(train.features(), labels, n, c -> (int) order.rowAt(start + c));
                backprop.accumulateGradient(w, gather.features(), 0, gather.targets(), 0, n, sum);
            }
        };
        return train(
                w,
                train.size(),
                minibatches,
                eval == null ? null : () -> scores(Evaluation.of(backprop, w, eval)),
                progress);
    }

    /** The evaluation's mean loss, accuracy and RMSE (NaN: not measured). */
    private static double[] scores(Evaluation e) {
        return new double[] {e.meanLoss(), e.accuracy(), Double.NaN};
    }

    private static double[] scores(RegressionEvaluation e) {
        return new double[] {e.meanLoss(), Double.NaN, e.rmse()};
    }

    /** Adds Σ ∂C/∂w over the rows at positions [start, start + n) of an epoch's order to a sum. */
    private interface Minibatches {
        void accumulate(EpochOrder order, int start, int n, GradientSum sum);
    }

    private List<EpochResult> train(
            double[] w,
            int size,
            Minibatches minibatches,
            Supplier<double[]> evaluate, // (mean loss, accuracy, RMSE), NaN where not measured
            Consumer<EpochResult> progress) {
        MinibatchSchedule schedule = config.scheduleFor(size);
        GradientSum sum = new GradientSum(w.length);
        double[] meanGradient = new double[w.length];
        List<EpochResult> history = new ArrayList<>();
        long iterations = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            EpochOrder order = schedule.order(epoch);
            long started = System.nanoTime();
            double epochLoss = 0.0;
            for (long t = 0; t < schedule.iterationsPerEpoch(); t++) {
                int start = (int) schedule.batchStart(t);
                int n = schedule.batchLength(t);
                sum.reset();
                minibatches.accumulate(order, start, n, sum);
                Divergence.check(sum.lossSum(), epoch, iterations, "");
                sum.meanGradientInto(meanGradient);
                optimizer.step(w, meanGradient);
                epochLoss += sum.lossSum();
                iterations++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double evalLoss = Double.NaN;
            double evalAccuracy = Double.NaN;
            double evalRmse = Double.NaN;
            if (evaluate != null) {
                double[] scores = evaluate.get();
                evalLoss = scores[0];
                evalAccuracy = scores[1];
                evalRmse = scores[2];
            }
            EpochResult result = new EpochResult(
                    epoch + 1, iterations, epochLoss / size, evalLoss, evalAccuracy, evalRmse, seconds, size / seconds);
            history.add(result);
            progress.accept(result);
        }
        return history;
    }
}
