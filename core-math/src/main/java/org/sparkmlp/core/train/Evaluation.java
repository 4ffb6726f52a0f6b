package org.sparkmlp.core.train;

import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureBlock;
import org.sparkmlp.core.data.Float64Block;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.Backpropagation;

/**
 * Summed cost, example count and confusion matrix of a network's predictions; the predicted class is
 * the output neuron with the largest activation. Evaluations of disjoint sets {@link #merge} exactly.
 */
public final class Evaluation implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Examples per forward pass when evaluating a whole dataset. */
    private static final int CHUNK = 1024;

    private final long[][] confusion;
    private double lossSum;
    private long count;

    /** An empty evaluation for {@code classes} output classes. */
    public Evaluation(int classes) {
        this.confusion = new long[classes][classes];
    }

    /** Evaluates parameters {@code w} on every example of {@code data}. */
    public static Evaluation of(Backpropagation network, double[] w, DenseDataset data) {
        return of(network, w, new Float64Block(data.features(), data.numFeatures()), data.labels());
    }

    /** Evaluates parameters {@code w} on every row of {@code features}, of any storage kind, against {@code labels}. */
    public static Evaluation of(Backpropagation network, double[] w, FeatureBlock features, int[] labels) {
        if (features instanceof CsrBlock sparse) {
            return of(network, w, new SparseDataset(sparse.rows(), labels));
        }
        Evaluation evaluation = new Evaluation(network.topology().outputSize());
        features.inChunks(CHUNK, (x, offset, from, n) -> evaluation.accumulate(network, w, x, offset, labels, from, n));
        return evaluation;
    }

    /** Evaluates parameters {@code w} on every example of {@code data}. */
    public static Evaluation of(Backpropagation network, double[] w, SparseDataset data) {
        Evaluation evaluation = new Evaluation(network.topology().outputSize());
        for (int from = 0; from < data.size(); from += CHUNK) {
            int n = Math.min(CHUNK, data.size() - from);
            evaluation.accumulate(network, w, data.features(), from, data.labels(), from, n);
        }
        return evaluation;
    }

    /** Adds the examples {@code x[xOffset ..]}, {@code labels[labelOffset ..]} of a batch of {@code n}. */
    public void accumulate(
            Backpropagation network, double[] w, double[] x, int xOffset, int[] labels, int labelOffset, int n) {
        count(network.forward(w, x, xOffset, n), network, labels, labelOffset, n);
    }

    /** Adds the examples in rows {@code [fromRow, fromRow + n)} of {@code x}, {@code labels[labelOffset ..]}. */
    public void accumulate(
            Backpropagation network, double[] w, CsrMatrix x, int fromRow, int[] labels, int labelOffset, int n) {
        count(network.forward(w, x, fromRow, n), network, labels, labelOffset, n);
    }

    private void count(double[] out, Backpropagation network, int[] labels, int labelOffset, int n) {
        lossSum += network.lossOfLastForward(Targets.classes(labels), labelOffset, n);
        int classes = confusion.length;
        for (int c = 0; c < n; c++) {
            confusion[labels[labelOffset + c]][predictedClass(out, c * classes, classes)]++;
        }
        count += n;
    }

    /** The class the output column {@code z[offset .. offset + classes)} predicts: its largest entry, first of ties. */
    public static int predictedClass(double[] z, int offset, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (z[offset + k] > z[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /** this ← this + other. */
    public Evaluation merge(Evaluation other) {
        if (other.confusion.length != confusion.length) {
            throw new IllegalArgumentException(
                    "cannot merge evaluations of " + other.confusion.length + " and " + confusion.length + " classes");
        }
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                confusion[i][j] += other.confusion[i][j];
            }
        }
        lossSum += other.lossSum;
        count += other.count;
        return this;
    }

    public long count() {
        return count;
    }

    public double lossSum() {
        return lossSum;
    }

    /** Mean cost per example. */
    public double meanLoss() {
        return lossSum / count;
    }

    /** Fraction of examples whose predicted class is their label. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return (double) correct / count;
    }

    /** confusion[true class][predicted class] = number of examples; a copy. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }
}
