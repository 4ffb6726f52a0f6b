package org.sparkmlp.job.data;

import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.job.data.RowDecoder.Rejected;

/** The checks every record passes, whatever its format, and the wording of the failure. */
final class RecordCheck {
    private RecordCheck() {}

    /** The class label that {@code raw} denotes: an integer in {@code [0, classes)}. */
    static int classLabel(double raw, int classes) throws Rejected {
        if (raw != Math.rint(raw) || Double.isInfinite(raw)) {
            throw new Rejected("label " + raw + " is not an integer");
        }
        if (raw < 0 || raw >= classes) {
            throw new Rejected("label " + (long) raw + " is outside [0, " + classes + ")");
        }
        return (int) raw;
    }

    /** Fails on the first feature that is NaN or infinite. */
    static void requireFinite(double[] x, RowDecoder names) throws Rejected {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new Rejected(names.featureName(i) + " is " + x[i]);
            }
        }
    }

    /** Fails on the first target value that is NaN or infinite. */
    static void requireFiniteTargets(double[] y) throws Rejected {
        for (int k = 0; k < y.length; k++) {
            if (!Double.isFinite(y[k])) {
                throw new Rejected((y.length == 1 ? "label" : "label value " + k) + " is " + y[k]);
            }
        }
    }

    /** Fails on the first stored feature that is NaN or infinite. */
    static void requireFinite(int[] indices, double[] values, RowDecoder names) throws Rejected {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new Rejected(names.featureName(indices[k]) + " is " + values[k]);
            }
        }
    }

    /** Fails on the first feature that {@code storage} cannot hold (e.g. 0.5 in uint8, which holds only k/255). */
    static void requireHeld(double[] x, FeatureStorage storage, RowDecoder names) throws Rejected {
        for (int i = 0; i < x.length; i++) {
            if (!storage.holds(x[i])) {
                throw new Rejected(names.featureName(i) + " is " + x[i] + ", which --storage " + storage.cliName()
                        + " cannot hold (it holds " + storage.holdsOnly() + ")");
            }
        }
    }

    /** E.g. {@code data/train.csv, record 17 (line 19): label 12 is outside [0, 10)}. */
    static BadInputException failure(String file, long record, String line, Rejected why) {
        return new BadInputException(file + ", record " + record + line + ": " + why.getMessage());
    }
}
