package org.sparkmlp.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;

class EvaluationTest {
    /** 2-2 identity/softmax with W = I, b = 0: the predicted class is the larger feature. */
    private final Topology topology =
            Topology.parse("2-2", Activation.IDENTITY, Activation.SOFTMAX, Cost.CROSS_ENTROPY);

    private final double[] w = {1, 0, 0, 1, 0, 0};
    private final DenseDataset data = new DenseDataset(
            new double[] {2, 0, /**/ 0, 1, /**/ 3, 1, /**/ 0, 0.5, /**/ 1, 0}, new int[] {0, 1, 1, 1, 0}, 2);

    @Test
    void countsAccuracyLossAndConfusion() {
        Evaluation e = Evaluation.of(new Backpropagation(topology), w, data);
        assertEquals(5, e.count());
        assertEquals(0.8, e.accuracy(), 1e-15); // example 2 (label 1) is predicted 0
        assertArrayEquals(new long[] {2, 0}, e.confusionMatrix()[0]);
        assertArrayEquals(new long[] {1, 2}, e.confusionMatrix()[1]);
        double expectedLoss = softmaxLoss(2, 0, 0)
                + softmaxLoss(0, 1, 1)
                + softmaxLoss(3, 1, 1)
                + softmaxLoss(0, 0.5, 1)
                + softmaxLoss(1, 0, 0);
        assertEquals(expectedLoss, e.lossSum(), 1e-12);
        assertEquals(expectedLoss / 5, e.meanLoss(), 1e-12);
    }

    @Test
    void evaluationsOfDisjointPartsMergeToTheWhole() {
        Backpropagation network = new Backpropagation(topology);
        Evaluation left = new Evaluation(2);
        left.accumulate(network, w, data.features(), 0, data.labels(), 0, 2);
        Evaluation right = new Evaluation(2);
        right.accumulate(network, w, data.features(), 4, data.labels(), 2, 3);
        Evaluation whole = Evaluation.of(network, w, data);

        left.merge(right);
        assertEquals(whole.count(), left.count());
        assertEquals(whole.lossSum(), left.lossSum(), 1e-12);
        assertArrayEquals(whole.confusionMatrix()[0], left.confusionMatrix()[0]);
        assertArrayEquals(whole.confusionMatrix()[1], left.confusionMatrix()[1]);
    }

    /** −log softmax(a)_y for a = (a0, a1). */
    private static double softmaxLoss(double a0, double a1, int y) {
        return Math.log(Math.exp(a0) + Math.exp(a1)) - (y == 0 ? a0 : a1);
    }
}
