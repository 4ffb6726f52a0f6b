package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;

class RegressionEvaluationTest {
    /** 2-2 identity with W = I, b = 0: the outputs are the features. */
    private final Topology topology = Topology.parse("2-2", Activation.IDENTITY, Activation.IDENTITY, Cost.QUADRATIC);

    private final double[] w = {1, 0, 0, 1, 0, 0};
    private final double[] x = {1, 2, /**/ 3, 4, /**/ 0, -1, /**/ 2, 2};
    private final double[] y = {1.5, 2, /**/ 2, 5, /**/ 0, 0, /**/ 3, 1};
    private final DenseDataset data = new DenseDataset(x, Targets.values(y, 2), 2);

    @Test
    void rmseMaeAndR2AreTheTextbookFormulas() {
        RegressionEvaluation e = RegressionEvaluation.of(new Backpropagation(topology), w, data);
        double sse = 0;
        double sae = 0;
        for (int i = 0; i < x.length; i++) {
            sse += (x[i] - y[i]) * (x[i] - y[i]);
            sae += Math.abs(x[i] - y[i]);
        }
        assertEquals(4, e.count());
        assertEquals(sse, e.lossSum(), 1e-12);
        assertEquals(Math.sqrt(sse / 8), e.rmse(), 1e-12);
        assertEquals(sae / 8, e.mae(), 1e-12);
        assertEquals((r2(0) + r2(1)) / 2, e.r2(), 1e-12);
    }

    @Test
    void evaluationsOfDisjointPartsMergeToTheWhole() {
        Backpropagation network = new Backpropagation(topology);
        RegressionEvaluation left = new RegressionEvaluation(2, FeatureScaling.none());
        left.accumulate(network, w, x, 0, data.targets(), 0, 1);
        RegressionEvaluation right = new RegressionEvaluation(2, FeatureScaling.none());
        right.accumulate(network, w, x, 2, data.targets(), 1, 3);
        RegressionEvaluation whole = RegressionEvaluation.of(network, w, data);

        left.merge(right);
        assertEquals(whole.count(), left.count());
        assertEquals(whole.lossSum(), left.lossSum(), 1e-12);
        assertEquals(whole.rmse(), left.rmse(), 1e-12);
        assertEquals(whole.mae(), left.mae(), 1e-12);
        assertEquals(whole.r2(), left.r2(), 1e-12);
    }

    /** Standardised outputs and targets, mapped back, give the errors of the original units. */
    @Test
    void aTargetScalingReportsErrorsInTheTargetsOwnUnits() {
        double[] mean = {100, -5};
        double[] stdDev = {20, 0.5};
        double[] scaledX = new double[x.length];
        double[] scaledY = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            scaledX[i] = (x[i] - mean[i % 2]) / stdDev[i % 2];
            scaledY[i] = (y[i] - mean[i % 2]) / stdDev[i % 2];
        }
        RegressionEvaluation scaled = RegressionEvaluation.of(
                new Backpropagation(topology),
                w,
                new DenseDataset(scaledX, Targets.values(scaledY, 2), 2),
                FeatureScaling.standardize(mean, stdDev));
        RegressionEvaluation plain = RegressionEvaluation.of(new Backpropagation(topology), w, data);
        assertEquals(plain.rmse(), scaled.rmse(), 1e-12);
        assertEquals(plain.mae(), scaled.mae(), 1e-12);
        assertEquals(plain.r2(), scaled.r2(), 1e-12);
    }

    private double r2(int k) {
        double mean = 0;
        for (int r = 0; r < 4; r++) {
            mean += y[2 * r + k] / 4;
        }
        double sse = 0;
        double sst = 0;
        for (int r = 0; r < 4; r++) {
            sse += (x[2 * r + k] - y[2 * r + k]) * (x[2 * r + k] - y[2 * r + k]);
            sst += (y[2 * r + k] - mean) * (y[2 * r + k] - mean);
        }
        return 1 - sse / sst;
    }
}
