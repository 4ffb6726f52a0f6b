package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
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

/** A task thread's parameters from a base and deltas: right whatever iterations, runs and precisions it sees. */
class AssembledWeightsTest {
    private static final Topology TOPOLOGY =
            Topology.parse("6-2-3", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    private static final int P = TOPOLOGY.parameterCount();

    @Test
    void skippedIterationsAnOlderIterationAndAnotherRunAllGiveTheirOwnW() {
        double[] base = values(1);
        ChangedParameters changed = ChangedParameters.at(
                TOPOLOGY,
                Optimizer.builder(UpdateRule.named("sgd", 0), new LearningRateSchedule.Constant(0.1))
                        .build(P));
        double[][] w = new double[4][];
        WeightDelta[] deltas = new WeightDelta[4];
        for (int v = 0; v < 4; v++) {
            // iteration v touches column v: it and the later layers move
            int column = v;
            GradientSum sum = new GradientSum(new double[P], 0, 1, new int[] {2 * column, 2 * column + 2}, 1);
            changed.record(sum);
            w[v] = base.clone();
            for (int k = 0; k < P; k++) {
                if (k >= 12 || k < 2 * column + 2) {
                    w[v][k] = 100 * (v + 1) + k;
                }
            }
            deltas[v] = WeightDelta.of(7, v, changed, w[v], false);
        }
        AssembledWeights assembled = AssembledWeights.float64(P);
        assertArrayEquals(w[0], assembled.assemble(base, deltas[0]), 0.0);
        assertArrayEquals(w[3], assembled.assemble(base, deltas[3]), 0.0, "iterations 1 and 2 skipped");
        assertArrayEquals(w[1], assembled.assemble(base, deltas[1]), 0.0, "an older iteration's retried task");
        double[] otherBase = values(-1);
        WeightDelta otherRun = WeightDelta.of(8, 5, ChangedParameters.at(TOPOLOGY, sgd()), otherBase, false);
        assertArrayEquals(otherBase, assembled.assemble(otherBase, otherRun), 0.0, "another run's base");

        float[] base32 = Float32.narrow(base);
        AssembledWeights assembled32 = AssembledWeights.float32(P);
        WeightDelta delta32 = WeightDelta.of(9, 0, changed, w[3], true);
        assertArrayEquals(Float32.narrow(w[3]), assembled32.assemble32(base32, delta32), 0.0f);
        double[] widened = new double[P];
        Float32.widen(Float32.narrow(w[3]), widened, P);
        assertArrayEquals(widened, assembled.assemble(base32, delta32), 0.0, "FP32 on the wire, FP64 compute");
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
