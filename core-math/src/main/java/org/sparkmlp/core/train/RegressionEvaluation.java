package org.sparkmlp.core.train;

import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Backpropagation;

/**
 * Summed cost, example count and error statistics of a regression network's outputs z(L) against real targets,
 * per output: Σ e², Σ |e| and the targets' mean and spread (for R²), with e = z − y in the targets' own units.
 * When the network was trained on standardised targets, {@code targetScaling} maps outputs and targets back to
 * those units (y = σ y' + μ) before the errors are taken; the cost stays in the units the network was trained in.
 * Evaluations of disjoint sets {@link #merge} (the spread by Chan et al.'s pairwise update).
 */
public final class RegressionEvaluation implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Examples per forward pass when evaluating a whole dataset. */
    private static final int CHUNK = 1024;

    private final double[] mean;
    private final double[] stdDev;
    private final double[] squaredErrors;
    private final double[] absoluteErrors;
    /** The targets' running mean and Σ (y − ȳ)², per output. */
    private final double[] targetMean;

    private final double[] targetSpread;
    private double lossSum;
    private long count;

    /** An empty evaluation of {@code outputs} outputs, targets standardised by {@code targetScaling} (or none). */
    public RegressionEvaluation(int outputs, FeatureScaling targetScaling) {
        if (!targetScaling.isNone() && targetScaling.numFeatures() != outputs) {
            throw new IllegalArgumentException(
                    "a target scaling of " + targetScaling.numFeatures() + " values for " + outputs + " outputs");
        }
        this.mean = targetScaling.isNone() ? new double[outputs] : targetScaling.mean();
        this.stdDev = targetScaling.isNone() ? filled(outputs, 1.0) : targetScaling.stdDev();
        this.squaredErrors = new double[outputs];
        this.absoluteErrors = new double[outputs];
        this.targetMean = new double[outputs];
        this.targetSpread = new double[outputs];
    }

    /** Evaluates parameters {@code w} on every example of {@code data}, whose targets are real values. */
    public static RegressionEvaluation of(Backpropagation network, double[] w, DenseDataset data) {
        return of(network, w, data, FeatureScaling.none());
    }

    /** As {@link #of(Backpropagation, double[], DenseDataset)}, with targets standardised by {@code targetScaling}. */
    public static RegressionEvaluation of(
            Backpropagation network, double[] w, DenseDataset data, FeatureScaling targetScaling) {
        RegressionEvaluation evaluation =
                new RegressionEvaluation(network.topology().outputSize(), targetScaling);
        int d = data.numFeatures();
        for (int from = 0; from < data.size(); from += CHUNK) {
            int n = Math.min(CHUNK, data.size() - from);
            evaluation.accumulate(network, w, data.features(), from * d, data.targets(), from, n);
        }
        return evaluation;
    }

    /** Evaluates {@code w} on every row of {@code features} (any storage kind) against {@code y}. */
    public static RegressionEvaluation of(
            Backpropagation network, double[] w, FeatureBlock features, Targets y, FeatureScaling targetScaling) {
        RegressionEvaluation evaluation =
                new RegressionEvaluation(network.topology().outputSize(), targetScaling);
        features.inChunks(CHUNK, (x, offset, from, n) -> evaluation.accumulate(network, w, x, offset, y, from, n));
        return evaluation;
    }

    /** Adds the examples {@code x[xOffset ..]}, targets {@code yOffset ..} of {@code y}, of a batch of {@code n}. */
    public void accumulate(
            Backpropagation network, double[] w, double[] x, int xOffset, Targets y, int yOffset, int n) {
        double[] z = network.forward(w, x, xOffset, n);
        lossSum += network.lossOfLastForward(y, yOffset, n);
        int m = mean.length;
        for (int c = 0; c < n; c++) {
            count++;
            for (int k = 0; k < m; k++) {
                double target = stdDev[k] * y.value(yOffset + c, k) + mean[k];
                double e = stdDev[k] * z[c * m + k] + mean[k] - target;
                squaredErrors[k] += e * e;
                absoluteErrors[k] += Math.abs(e);
                double step = target - targetMean[k];
                targetMean[k] += step / count;
                targetSpread[k] += step * (target - targetMean[k]);
            }
        }
    }

    /** this ← this + other. */
    public RegressionEvaluation merge(RegressionEvaluation other) {
        int m = mean.length;
        if (other.mean.length != m) {
            throw new IllegalArgumentException(
                    "cannot merge evaluations of " + other.mean.length + " and " + m + " outputs");
        }
        if (other.count == 0) {
            return this;
        }
        long total = count + other.count;
        for (int k = 0; k < m; k++) {
            squaredErrors[k] += other.squaredErrors[k];
            absoluteErrors[k] += other.absoluteErrors[k];
            double step = other.targetMean[k] - targetMean[k];
            targetSpread[k] += other.targetSpread[k] + step * step * ((double) count * other.count / total);
            targetMean[k] += step * other.count / total;
        }
        lossSum += other.lossSum;
        count = total;
        return this;
    }

    public long count() {
        return count;
    }

    public int outputs() {
        return mean.length;
    }

    public double lossSum() {
        return lossSum;
    }

    /** Mean cost per example, in the units the network was trained in. */
    public double meanLoss() {
        return lossSum / count;
    }

    /** Root mean squared error over every output of every example: √(Σ e² / (count · outputs)). */
    public double rmse() {
        return Math.sqrt(sum(squaredErrors) / ((double) count * outputs()));
    }

    /** Mean absolute error over every output of every example. */
    public double mae() {
        return sum(absoluteErrors) / ((double) count * outputs());
    }

    /**
     * The coefficient of determination R² = 1 − Σ e² / Σ (y − ȳ)², averaged over the outputs (as scikit-learn's
     * {@code r2_score} does); an output whose targets are all equal counts as NaN.
     */
    public double r2() {
        double sum = 0.0;
        for (int k = 0; k < outputs(); k++) {
            sum += 1.0 - squaredErrors[k] / targetSpread[k];
        }
        return sum / outputs();
    }

    private static double sum(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double[] filled(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
