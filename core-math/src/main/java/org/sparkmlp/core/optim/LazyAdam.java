package org.sparkmlp.core.optim;

import java.util.Map;

/**
 * Lazy Adam: {@link Adam}'s step where the gradient is non-zero, and nothing at all where it is 0 — there m, v and
 * w keep their values, where Adam would decay m and v and go on moving w. The optimizer for sparse features
 * (hashed text, one-hot codes), as TensorFlow's LazyAdam and PyTorch's SparseAdam: a step costs O(the minibatch's
 * features × n(1) + the other layers) instead of O(every feature seen × n(1)), and a rare feature's moments hold
 * what its own minibatches taught them. The bias corrections use the optimizer's step count t, as Adam's do.
 *
 * <p>The rule is element-wise in g, so it does not depend on how rows are stored or partitioned: a feature no row of
 * the minibatch holds has gradient 0 under every storage. It differs from Adam wherever a gradient is exactly 0 —
 * a pixel 0 in every image of the minibatch, a ReLU unit no row activates — so on dense data it is another
 * optimizer, not a faster Adam.
 */
public record LazyAdam(Adam adam) implements UpdateRule {

    public LazyAdam {
        if (adam == null) {
            throw new IllegalArgumentException("lazy Adam needs Adam's hyperparameters");
        }
    }

    @Override
    public String name() {
        return "lazy-adam";
    }

    @Override
    public boolean lazy() {
        return true;
    }

    @Override
    public int slotCount() {
        return adam.slotCount();
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return adam.hyperparameters();
    }

    @Override
    public void apply(double[] w, double[] g, double learningRate, long t, double[][] slots, int from, int to) {
        adam.apply(w, g, learningRate, t, slots, new int[] {from, to}, 1, true);
    }

    @Override
    public void apply(
            double[] w, double[] g, double learningRate, long t, double[][] slots, int[] ranges, int rangeCount) {
        adam.apply(w, g, learningRate, t, slots, ranges, rangeCount, true);
    }
}
