package org.sparkmlp.core.train;

import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.SparseDataset;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.Topology;

/** Checks that a dataset can be fed to a network, naming the first offending example. */
public final class DatasetCheck {
    private DatasetCheck() {}

    /** @throws IllegalArgumentException naming {@code what} and the problem */
    public static void fits(Topology topology, DenseDataset data, String what) {
        fits(topology, data.size(), data.numFeatures(), data.targets(), what);
        double[] x = data.features();
        for (int k = 0; k < x.length; k++) {
            if (!Double.isFinite(x[k])) {
                throw new IllegalArgumentException("example " + k / data.numFeatures() + " of the " + what
                        + " has a non-finite feature " + x[k] + " at index " + k % data.numFeatures());
            }
        }
    }

    /** @throws IllegalArgumentException naming {@code what} and the problem */
    public static void fits(Topology topology, SparseDataset data, String what) {
        fits(topology, data.size(), data.numFeatures(), Targets.classes(data.labels()), what);
        CsrMatrix x = data.features();
        for (int r = 0; r < x.rows(); r++) {
            for (int k = x.rowStart(r); k < x.rowStart(r + 1); k++) {
                if (!Double.isFinite(x.values()[k])) {
                    throw new IllegalArgumentException("example " + r + " of the " + what + " has a non-finite feature "
                            + x.values()[k] + " at index " + x.indices()[k]);
                }
            }
        }
    }

    private static void fits(Topology topology, int size, int numFeatures, Targets y, String what) {
        if (size == 0) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (numFeatures != topology.inputSize()) {
            throw new IllegalArgumentException("the " + what + " has " + numFeatures
                    + " features per example but the network " + topology.layers() + " takes "
                    + topology.inputSize());
        }
        int outputs = topology.outputSize();
        if (y.areClasses()) {
            for (int r = 0; r < y.size(); r++) {
                if (y.classOf(r) < 0 || y.classOf(r) >= outputs) {
                    throw new IllegalArgumentException("example " + r + " of the " + what + " has label " + y.classOf(r)
                            + ", outside the network's " + outputs + " classes [0, " + outputs + ")");
                }
            }
        } else if (y.width() != outputs) {
            throw new IllegalArgumentException("the " + what + " has " + y.width()
                    + " target values per example but the network " + topology.layers() + " has " + outputs
                    + " outputs");
        } else {
            double[] values = y.values();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new IllegalArgumentException(
                            "example " + k / outputs + " of the " + what + " has a non-finite target " + values[k]);
                }
            }
        }
    }
}
