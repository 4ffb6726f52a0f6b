package org.sparkmlp.job.data;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Turns one row of a DataFrame source into a record's features and label (or real-valued target). Columns 0 and 1 of the row are the
 * source file and split ({@link FramePacker} uses them); the decoder's own columns follow.
 */
interface RowDecoder extends Serializable {
    /** Whether the row is a record; false for rows that the format ignores (LIBSVM's blank and comment lines). */
    default boolean isRecord(Row row) {
        return true;
    }

    /** Writes the row's features to {@code into}, whose length is the expected feature count. */
    void features(Row row, double[] into) throws Rejected;

    /**
     * The row's features as (indices, values) of its non-zeros, indices ascending in {@code [0, numFeatures)}: for
     * sparse storage, so that a sparse source is never densified on the way. By default the dense features' non-zeros.
     */
    default Tuple2<int[], double[]> sparseFeatures(Row row, int numFeatures) throws Rejected {
        double[] x = new double[numFeatures];
        features(row, x);
        int n = 0;
        for (double v : x) {
            n += v != 0.0 ? 1 : 0;
        }
        int[] indices = new int[n];
        double[] values = new double[n];
        for (int i = 0, k = 0; i < numFeatures; i++) {
            if (x[i] != 0.0) {
                indices[k] = i;
                values[k++] = x[i];
            }
        }
        return new Tuple2<>(indices, values);
    }

    /**
     * How many features of the row are stored, for the density that {@code --storage auto} reads: the entries of a
     * sparse source; {@code numFeatures} for a dense one (the default).
     */
    default long storedFeatures(Row row, int numFeatures) {
        return numFeatures;
    }

    /** The row's label as written; called only for labelled data. */
    double label(Row row) throws Rejected;

    /**
     * Writes the row's real-valued target to {@code into}, whose length is the network's outputs; called only for
     * labelled regression data. A label column of one number is a target of one value.
     */
    default void targets(Row row, double[] into) throws Rejected {
        double y = label(row);
        if (into.length != 1) {
            throw new Rejected("the label is 1 value, expected " + into.length + " (the network's outputs)");
        }
        into[0] = y;
    }

    /** What to call feature {@code i} in a message. */
    default String featureName(int i) {
        return "feature " + i;
    }

    /** Where a row is for a reader of the file, given its 0-based position among the file's rows; "" if unknown. */
    default String line(long rowInFile) {
        return "";
    }

    /** A record that cannot be used; the message says only what is wrong, the caller adds where. */
    final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
