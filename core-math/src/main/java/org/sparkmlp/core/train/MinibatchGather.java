package org.sparkmlp.core.train;

import java.util.function.IntUnaryOperator;
import org.sparkmlp.core.data.FeatureBlock;

/**
 * Copies chosen rows of a dataset (features in any {@link FeatureBlock} kind, labels) into one contiguous, reused
 * minibatch matrix of doubles, so that a shuffled minibatch, or rows stored in a compact kind, can be handed to
 * backpropagation like a run of consecutive rows. The buffers grow to the largest minibatch gathered and are then
 * reused. {@link #gatherFloat32} gathers the same rows rounded to FP32, for
 * {@link org.sparkmlp.core.network.Float32Backpropagation}.
 */
public final class MinibatchGather {
    private final int numFeatures;
    private double[] features;
    private float[] features32 = new float[0];
    private int[] labels;

    /** Buffers for {@code capacity} rows of {@code numFeatures} features (more are allocated when needed). */
    public MinibatchGather(int numFeatures, int capacity) {
        this.numFeatures = numFeatures;
        this.features = new double[capacity * numFeatures];
        this.labels = new int[capacity];
    }

    /** Copies rows {@code row(0)}, …, {@code row(n − 1)} of {@code sourceFeatures} and {@code sourceLabels}. */
    public void gather(FeatureBlock sourceFeatures, int[] sourceLabels, int n, IntUnaryOperator row) {
        if (features.length < n * numFeatures) {
            features = new double[n * numFeatures];
        }
        if (labels.length < n) {
            labels = new int[n];
        }
        int d = numFeatures;
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            sourceFeatures.copyRow(r, features, c * d);
            labels[c] = sourceLabels[r];
        }
    }

    /** As {@link #gather}, into {@link #features32()}. */
    public void gatherFloat32(FeatureBlock sourceFeatures, int[] sourceLabels, int n, IntUnaryOperator row) {
        int d = numFeatures;
        if (features32.length < n * d) {
            features32 = new float[n * d];
        }
        if (labels.length < n) {
            labels = new int[n];
        }
        for (int c = 0; c < n; c++) {
            int r = row.applyAsInt(c);
            sourceFeatures.copyRow(r, features32, c * d);
            labels[c] = sourceLabels[r];
        }
    }

    /** The features {@link #gatherFloat32} gathered: row c at {@code [c·d, (c+1)·d)}. */
    public float[] features32() {
        return features32;
    }

    /** The gathered features: row c at {@code [c·d, (c+1)·d)}. */
    public double[] features() {
        return features;
    }

    /** The gathered labels. */
    public int[] labels() {
        return labels;
    }
}
