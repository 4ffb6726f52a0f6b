package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.OptimizerState;
import org.sparkmlp.core.optim.UpdateRule;

/**
 * A step over the changed parameters alone is the whole step to the bit: on Fashion-MNIST rows stored as CSR,
 * whose border pixels are 0 in every image of a minibatch, for every rule, with and without clipping; and for the
 * lazy rules, a step over the last minibatch's parameters alone.
 */
class ChangedParametersTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");
    private static final Topology TOPOLOGY =
            Topology.parse("784-16-10", Activation.RELU, Activation.SOFTMAX, Cost.CROSS_ENTROPY);
    private static final int BATCH = 8;
    private static SparseDataset rows;

    @BeforeAll
    static void read() throws IOException {
        rows = SparseDataset.of(
                IdxReader.read(SAMPLE, IdxReader.labelsBeside(SAMPLE)).head(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam", "adam, clipped", "lazy-adam", "lazy-adam, clipped"})
    void aStepOverTheChangedParametersIsTheWholeStepToTheBit(String setup) {
        Optimizer whole = optimizer(setup);
        Optimizer part = optimizer(setup);
        double[] w = Initializer.initialize(TOPOLOGY, 5);
        double[] wPart = w.clone();
        double[] g = new double[w.length];
        double[] gPart = new double[w.length];
        Optimizer last = optimizer(setup);
        double[] wLast = w.clone();
        double[] gLast = new double[w.length];
        ChangedParameters changed = ChangedParameters.at(TOPOLOGY, part);
        assertEquals(TOPOLOGY.parameterCount() - 784 * 16, changed.size(), "before any step, only later layers");
        Backpropagation backprop = new Backpropagation(TOPOLOGY);
        GradientSum sum = GradientSum.trackingColumns(TOPOLOGY);
        Targets y = Targets.classes(rows.labels());
        for (int t = 0; t < 40; t++) {
            sum.reset();
            backprop.accumulateGradient(w, rows.features(), t * BATCH, y, t * BATCH, BATCH, sum);
            sum.meanGradientInto(g);
            whole.step(w, g);
            changed.record(sum);
            assertFalse(changed.isEverything());
            sum.meanGradientInto(gPart, changed.ranges(), changed.rangeCount());
            part.step(wPart, gPart, changed.ranges(), changed.rangeCount());
            assertArrayEquals(w, wPart, 0.0, setup + ", step " + t);
            if (part.rule().lazy()) {
                // the lazy rules' whole step is a step over the last minibatch's parameters alone
                sum.meanGradientInto(gLast, changed.lastRanges(), changed.lastRangeCount());
                last.step(wLast, gLast, changed.lastRanges(), changed.lastRangeCount());
                assertArrayEquals(w, wLast, 0.0, setup + " over the last minibatch's parameters, step " + t);
                int lastSize = covered(changed.lastRanges(), changed.lastRangeCount());
                assertTrue(t == 0 ? lastSize == changed.size() : lastSize < changed.size(), "step " + t);
            }
            if (t == 0) {
                int unheld = (TOPOLOGY.parameterCount() - changed.size()) / 16;
                assertTrue(unheld > 100, "pixels the first minibatch did not hold: " + unheld);
            }
        }
        OptimizerState a = whole.state();
        OptimizerState b = part.state();
        for (int s = 0; s < a.slots().length; s++) {
            assertArrayEquals(a.slots()[s], b.slots()[s], 0.0, "state " + s);
        }
        int unheld = (TOPOLOGY.parameterCount() - changed.size()) / 16;
        assertTrue(unheld > 0, "pixels 320 images left 0: " + unheld);
    }

    @Test
    void aResumedStateMarksItsColumnsAndWeightDecayMarksEverything() {
        Optimizer optimizer = optimizer("adam");
        double[][] slots = new double[2][TOPOLOGY.parameterCount()];
        slots[1][16 * 300 + 3] = 1e-9; // one entry of v in column 300
        optimizer.restore(new OptimizerState("adam", 7, slots));
        ChangedParameters changed = ChangedParameters.at(TOPOLOGY, optimizer);
        assertEquals(16 * 300, changed.ranges()[0]);
        assertEquals(16 * 301, changed.ranges()[1]);
        assertEquals(2, changed.rangeCount());

        Optimizer decaying = Optimizer.builder(UpdateRule.named("sgd", 0), new LearningRateSchedule.Constant(0.1))
                .weightDecay(1e-4)
                .build(TOPOLOGY.parameterCount());
        ChangedParameters everything = ChangedParameters.at(TOPOLOGY, decaying);
        assertTrue(everything.isEverything());
        assertEquals(TOPOLOGY.parameterCount(), everything.size());
        double[] w = new double[TOPOLOGY.parameterCount()];
        assertThrows(IllegalStateException.class, () -> decaying.step(w, w.clone(), new int[] {0, 16}, 1));
    }

    @Test
    void sumsAsReceivedMarkTheUnionOfTheirRunsAndAnUnknownSumMarksEverything() {
        int p = TOPOLOGY.parameterCount();
        GradientSum a = new GradientSum(new double[p], 1, 2, new int[] {16, 40, 160, 170}, 2);
        GradientSum b = new GradientSum(new double[p], 1, 2, new int[] {30, 50, 16 * 784, p}, 2);
        a.add(b);
        BitSet columns = new BitSet();
        assertTrue(a.markFirstLayerColumns(columns, 784, 16));
        BitSet expected = new BitSet();
        expected.set(1, 4); // [16, 50): columns 1, 2, 3
        expected.set(10); // [160, 170)
        assertEquals(expected, columns);

        ChangedParameters changed = ChangedParameters.at(TOPOLOGY, optimizer("sgd"));
        changed.record(new GradientSum(p));
        assertTrue(changed.isEverything(), "a sum that may be non-zero anywhere");
    }

    private static int covered(int[] ranges, int count) {
        int size = 0;
        for (int r = 0; r < count; r++) {
            size += ranges[2 * r + 1] - ranges[2 * r];
        }
        return size;
    }

    private static Optimizer optimizer(String setup) {
        String rule = setup.split(",")[0];
        Optimizer.Builder builder =
                Optimizer.builder(UpdateRule.named(rule, 0.9), new LearningRateSchedule.Constant(0.01));
        if (setup.endsWith("clipped")) {
            builder.clipNorm(0.05);
        }
        return builder.build(TOPOLOGY.parameterCount());
    }
}
