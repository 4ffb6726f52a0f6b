package org.sparkmlp.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
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
import scala.reflect.ClassTag$;

/**
 * A task thread's parameters from a base and deltas: what its rows read is right whatever iterations, runs and
 * precisions the thread sees, for a complete delta written on demand and for a chain of steps applied whole. 6-2-3: W(1) is [0, 12), a column of 2 entries per feature; the rest [12, 23).
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

        double[] got = assembled.begin(base, onDemand(deltas[0]));
        assembled.ensureColumns(rows, 0, 2);
        assertRead(w[0], got, "iteration 0", 0, 1, 3, 5);
        got = assembled.begin(base, onDemand(deltas[3]));
        assembled.ensureColumns(rows, 0, 2);
        assertRead(w[3], got, "iterations 1 and 2 skipped", 0, 1, 3, 5);
        got = assembled.begin(base, onDemand(deltas[1]));
        assembled.ensureColumns(rows, 1, 1);
        assertRead(w[1], got, "an older iteration's retried task, its one row", 1);
        assembled.ensureAll();
        assertArrayEquals(w[1], got, 0.0, "dense rows read all");

        double[] otherBase = values(-1);
        WeightDelta otherRun = WeightDelta.of(8, 5, ChangedParameters.at(TOPOLOGY, sgd()), otherBase, false);
        got = assembled.begin(otherBase, onDemand(otherRun));
        assembled.ensureAll();
        assertArrayEquals(otherBase, got, 0.0, "another run's base");

        float[] base32 = Float32.narrow(base);
        WeightDelta delta32 = WeightDelta.of(9, 0, changed, w[3], true);
        AssembledWeights assembled32 = AssembledWeights.float32(TOPOLOGY);
        float[] got32 = assembled32.begin32(base32, onDemand(delta32));
        assembled32.ensureAll();
        assertArrayEquals(Float32.narrow(w[3]), got32, 0.0f);
        double[] widened = new double[P];
        Float32.widen(Float32.narrow(w[3]), widened, P);
        got = assembled.begin(base32, onDemand(delta32));
        assembled.ensureColumns(rows, 0, 2);
        assertRead(widened, got, "FP32 on the wire, FP64 compute", 0, 1, 3, 5);
    }

    @Test
    void aChainAppliedWholeGivesEveryParameterFromAnyVersionTheThreadHolds() {
        double[] base = values(1);
        ChangedParameters changed = ChangedParameters.at(TOPOLOGY, sgd());
        // w(v): iteration v's step moved column v and the later layers; a complete delta at 0 and at 3
        double[][] w = new double[6][];
        WeightDelta[] deltas = new WeightDelta[6];
        double[] current = base.clone();
        for (int v = 0; v < 6; v++) {
            changed.record(new GradientSum(new double[P], 0, 1, new int[] {2 * v, 2 * v + 2}, 1));
            for (int k = 0; k < P; k++) {
                if (k >= 12 || k / 2 == v) {
                    current[k] = 100 * (v + 1) + k;
                }
            }
            w[v] = current.clone();
            deltas[v] = v == 0 || v == 3
                    ? WeightDelta.of(7, v, changed, current, false)
                    : WeightDelta.of(7, v, changed.lastRanges(), changed.lastRangeCount(), current, false);
        }
        AssembledWeights assembled = AssembledWeights.float64(TOPOLOGY);

        assertArrayEquals(w[0], assembled.begin(base, chain(deltas, 0, 0)), 0.0, "the run's first task");
        assertArrayEquals(w[2], assembled.begin(base, chain(deltas, 0, 2)), 0.0, "iteration 1 skipped");
        assertArrayEquals(w[2], assembled.begin(base, chain(deltas, 0, 2)), 0.0, "the same iteration again");
        assertArrayEquals(w[4], assembled.begin(base, chain(deltas, 3, 4)), 0.0, "a new chain after an old one");
        assertArrayEquals(w[1], assembled.begin(base, chain(deltas, 0, 1)), 0.0, "an older iteration's retry");
        assertArrayEquals(w[5], assembled.begin(base, chain(deltas, 3, 5)), 0.0, "from before the chain began");

        double[] otherBase = values(-1);
        WeightDelta otherRun = WeightDelta.of(8, 0, ChangedParameters.at(TOPOLOGY, sgd()), otherBase, false);
        assertArrayEquals(
                otherBase,
                assembled.begin(otherBase, DeltaChain.withSteps(held(otherRun), List.of())),
                0.0,
                "another run's base");
        assembled.begin(base, onDemand(deltas[3]));
        assertArrayEquals(w[4], assembled.begin(base, chain(deltas, 3, 4)), 0.0, "after deltas written on demand");

        float[] base32 = Float32.narrow(base);
        WeightDelta[] deltas32 = new WeightDelta[] {
            WeightDelta.of(9, 0, changed, w[4], true),
            WeightDelta.of(9, 1, changed.lastRanges(), changed.lastRangeCount(), w[5], true)
        };
        AssembledWeights assembled32 = AssembledWeights.float32(TOPOLOGY);
        assertArrayEquals(Float32.narrow(w[5]), assembled32.begin32(base32, chain(deltas32, 0, 1)), 0.0f, "FP32");
    }

    /** The chain of {@code deltas[complete]}, then its steps up to {@code deltas[last]}. */
    private static DeltaChain chain(WeightDelta[] deltas, int complete, int last) {
        List<Broadcast<WeightDelta>> steps = new ArrayList<>();
        for (int v = complete + 1; v <= last; v++) {
            steps.add(held(deltas[v]));
        }
        return DeltaChain.withSteps(held(deltas[complete]), steps);
    }

    private static DeltaChain onDemand(WeightDelta delta) {
        return DeltaChain.of(held(delta));
    }

    /** A delta as a task finds it, without a SparkContext. */
    private static Broadcast<WeightDelta> held(WeightDelta delta) {
        return new Broadcast<>(delta.version(), ClassTag$.MODULE$.apply(WeightDelta.class)) {
            @Override
            public WeightDelta getValue() {
                return delta;
            }

            @Override
            public void doUnpersist(boolean blocking) {}

            @Override
            public void doDestroy(boolean blocking) {}
        };
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
