package org.sparkmlp.job.data;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;

/**
 * Standardisation over distributed blocks: {@link #fit} computes each feature's (or {@link #fitTargets} each real
 * target value's) mean and population
 * standard deviation in one pass (two-pass moments within each block, merged pairwise in partition order as
 * Chan, Golub and LeVeque do, so the result is as accurate as a single-process two-pass computation);
 * {@link #apply} scales a copy.
 */
public final class Standardization {
    private Standardization() {}

    /** The standardisation of the features fitted to all rows of the blocks. */
    public static FeatureScaling fit(JavaRDD<LabeledBlock> blocks) {
        return fit(blocks, true, false);
    }

    /**
     * The standardisation fitted to all rows of the blocks; without centring ({@code centre} false, for sparse
     * data) only each feature's spread is kept, as {@link FeatureScaling#scaleOnly}, so that zeros stay zeros.
     */
    public static FeatureScaling fit(JavaRDD<LabeledBlock> blocks, boolean centre) {
        return fit(blocks, centre, false);
    }

    /** The standardisation of the real-valued targets fitted to all rows of the blocks. */
    public static FeatureScaling fitTargets(JavaRDD<LabeledBlock> blocks) {
        return fit(blocks, true, true);
    }

    private static FeatureScaling fit(JavaRDD<LabeledBlock> blocks, boolean centre, boolean targets) {
        // Moments travel as one double[]: {count, mean_0 … mean_d−1, m2_0 … m2_d−1}, or {0} before any row.
        // They are merged on the driver in partition order, not as tasks finish, so every run gets the same bits.
        List<double[]> perPartition = blocks.mapPartitions(it -> {
                    double[] moments = {0};
                    while (it.hasNext()) {
                        LabeledBlock block = it.next();
                        moments = targets
                                ? add(
                                        moments,
                                        block.targets().values(),
                                        block.size(),
                                        block.targets().width())
                                : add(moments, block);
                    }
                    return List.of(moments).iterator();
                })
                .collect();
        double[] total = {0};
        for (double[] moments : perPartition) {
            total = merge(total, moments);
        }
        if (total[0] == 0) {
            throw new IllegalArgumentException("cannot standardise an empty dataset");
        }
        int d = (total.length - 1) / 2;
        double[] stdDev = new double[d];
        for (int i = 0; i < d; i++) {
            stdDev[i] = Math.sqrt(total[1 + d + i] / total[0]);
        }
        return centre
                ? FeatureScaling.standardize(Arrays.copyOfRange(total, 1, 1 + d), stdDev)
                : FeatureScaling.scaleOnly(stdDev);
    }

    /**
     * New blocks with the scalings of the features (stored as {@code kind}) and of the real-valued targets applied,
     * persisted {@code MEMORY_AND_DISK} and materialised; the given blocks are left as they are (the caller may
     * unpersist them). With both {@link FeatureScaling#none()} it returns {@code blocks} itself.
     */
    public static JavaRDD<LabeledBlock> apply(
            JavaRDD<LabeledBlock> blocks, FeatureScaling scaling, FeatureScaling targetScaling, FeatureStorage kind) {
        if (scaling.isNone() && targetScaling.isNone()) {
            return blocks;
        }
        JavaRDD<LabeledBlock> scaled = blocks.map(b -> {
                    LabeledBlock result = b;
                    if (scaling.isNone()) {
                        // only the targets are scaled
                    } else if (b.features() instanceof CsrBlock sparse
                            && kind == FeatureStorage.SPARSE
                            && !scaling.centres()) {
                        CsrMatrix x = sparse.rows().copy();
                        scaling.applyInPlace(x);
                        result = result.withFeatures(new CsrBlock(x));
                    } else {
                        double[] x = b.features().toDoubles();
                        scaling.applyInPlace(x, 0, b.size(), b.numFeatures());
                        result = result.withFeatures(kind.pack(x, b.numFeatures()));
                    }
                    Targets y = b.targets();
                    if (!targetScaling.isNone() && y != null) {
                        double[] values = y.values().clone();
                        targetScaling.applyInPlace(values, 0, b.size(), y.width());
                        result = result.withTargets(Targets.values(values, y.width()));
                    }
                    return result;
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        scaled.count();
        return scaled;
    }

    /** Adds the moments of the block's features, in O(non-zeros) for sparse rows. */
    private static double[] add(double[] moments, LabeledBlock block) {
        if (block.features() instanceof CsrBlock sparse && block.size() > 0) {
            return merge(moments, sparseMoments(sparse.rows()));
        }
        return add(moments, block.features().toDoubles(), block.size(), block.numFeatures());
    }

    /** Adds the moments of {@code n} rows of {@code d} values, {@code x} row after row. */
    private static double[] add(double[] moments, double[] x, int n, int d) {
        if (n == 0) {
            return moments;
        }
        double[] b = new double[1 + 2 * d];
        b[0] = n;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                b[1 + i] += x[r * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            b[1 + i] /= n;
        }
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double dev = x[r * d + i] - b[1 + i];
                b[1 + d + i] += dev * dev;
            }
        }
        return merge(moments, b);
    }

    /**
     * The block's moments in O(non-zeros + d), by the same two passes: Σ (x − mean)² is the sum over the stored
     * values plus mean² for each row where the feature is 0.
     */
    private static double[] sparseMoments(CsrMatrix x) {
        int n = x.rows();
        int d = x.columns();
        double[] b = new double[1 + 2 * d];
        int[] stored = new int[d];
        b[0] = n;
        int[] indices = x.indices();
        double[] values = x.values();
        for (int k = 0; k < x.nonZeros(); k++) {
            b[1 + indices[k]] += values[k];
            stored[indices[k]]++;
        }
        for (int i = 0; i < d; i++) {
            b[1 + i] /= n;
        }
        for (int k = 0; k < x.nonZeros(); k++) {
            double dev = values[k] - b[1 + indices[k]];
            b[1 + d + indices[k]] += dev * dev;
        }
        for (int i = 0; i < d; i++) {
            b[1 + d + i] += (n - stored[i]) * b[1 + i] * b[1 + i];
        }
        return b;
    }

    /** Chan, Golub and LeVeque's pairwise update of count, means and sums of squared deviations. */
    private static double[] merge(double[] a, double[] b) {
        if (b[0] == 0) {
            return a;
        }
        if (a[0] == 0) {
            return b;
        }
        int d = (a.length - 1) / 2;
        double n = a[0] + b[0];
        for (int i = 0; i < d; i++) {
            double delta = b[1 + i] - a[1 + i];
            a[1 + i] += delta * b[0] / n;
            a[1 + d + i] += b[1 + d + i] + delta * delta * (a[0] * b[0] / n);
        }
        a[0] = n;
        return a;
    }
}
