package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.linalg.Float32;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;
import org.sparkmlp.core.train.ChangedParameters;
import org.sparkmlp.core.train.WeightDelta;

/**
 * A task thread's parameters from a base and deltas: what its rows read is right whatever iterations, runs and
 * precisions the thread sees. 6-2-3: W(1) is [0, 12), a column of 2 entries per feature; the rest [12, 23).
 */
class AssembledWeightsTest {
    private static final Topology TOPOLOGY =
            Topology.parse("6-2-3", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    private static final int P = TOPOLOGY.parameterCount();

    @Test
    void skippedIterationsAnOlderIterationAndAnotherRunGiveTheColumnsTheRowsReadAndTheOtherLayers() {
        double[] base = values(1);
        ChangedParameters changed = ChangedParameters.at(TOPOLOGY, sgd());
        double[][] w = new double[4][];
        WeightDelta[] deltas = new WeightDelta[4];
        for (int v = 0; v < 4; v++) {
            // iteration v touches column v: it, the earlier ones and the later layers move
            changed.record(new GradientSum(new double[P], 0, 1, new int[] {2 * v, 2 * v + 2}, 1));
            w[v] = base.clone();
            for (int k = 0; k < P; k++) {
                if (k >= 12 || k < 2 * v + 2) {
                    w[v][k] = 100 * (v + 1) + k;
                }
            }
            deltas[v] = WeightDelta.of(7, v, changed, w[v], false);
        }
        CsrMatrix rows = new CsrMatrix(6);
        rows.appendRow(new int[] {0, 3, 5}, new double[] {1, 1, 1}, 0, 3);
        rows.appendRow(new int[] {1}, new double[] {1}, 0, 1);
        AssembledWeights assembled = AssembledWeights.float64(TOPOLOGY);

        double[] got = assembled.begin(base, deltas[0]);
        assembled.ensureColumns(rows, 0, 2);
        assertRead(w[0], got, "iteration 0", 0, 1, 3, 5);
        got = assembled.begin(base, deltas[3]);
        assembled.ensureColumns(rows, 0, 2);
        assertRead(w[3], got, "iterations 1 and 2 skipped", 0, 1, 3, 5);
        got = assembled.begin(base, deltas[1]);
        assembled.ensureColumns(rows, 1, 1);
        assertRead(w[1], got, "an older iteration's retried task, its one row", 1);
        assembled.ensureAll();
        assertArrayEquals(w[1], got, 0.0, "dense rows read all");

        double[] otherBase = values(-1);
        WeightDelta otherRun = WeightDelta.of(8, 5, ChangedParameters.at(TOPOLOGY, sgd()), otherBase, false);
        got = assembled.begin(otherBase, otherRun);
        assembled.ensureAll();
        assertArrayEquals(otherBase, got, 0.0, "another run's base");

        float[] base32 = Float32.narrow(base);
        WeightDelta delta32 = WeightDelta.of(9, 0, changed, w[3], true);
        AssembledWeights assembled32 = AssembledWeights.float32(TOPOLOGY);
        float[] got32 = assembled32.begin32(base32, delta32);
        assembled32.ensureAll();
        assertArrayEquals(Float32.narrow(w[3]), got32, 0.0f);
        double[] widened = new double[P];
        Float32.widen(Float32.narrow(w[3]), widened, P);
        got = assembled.begin(base32, delta32);
        assembled.ensureColumns(rows, 0, 2);
        assertRead(widened, got, "FP32 on the wire, FP64 compute", 0, 1, 3, 5);
    }

    /** The entries rows of {@code features} read: their columns of W(1), and every later layer. */
    private static void assertRead(double[] expected, double[] got, String what, int... features) {
        for (int k = 0; k < P; k++) {
            int feature = k / 2;
            if (k >= 12 || java.util.Arrays.stream(features).anyMatch(f -> f == feature)) {
                assertEquals(expected[k], got[k], 0.0, what + ", entry " + k);
            }
        }
    }

    private static Optimizer sgd() {
        return Optimizer.builder(UpdateRule.named("sgd", 0), new LearningRateSchedule.Constant(0.1))
                .build(P);
    }

    private static double[] values(int sign) {
        double[] v = new double[P];
        for (int k = 0; k < P; k++) {
            v[k] = sign * (k + 0.5);
        }
        return v;
    }
}
