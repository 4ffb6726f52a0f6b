package org.sparkmlp.job.data;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * LIBSVM text, {@code label index:value …} with 1-based ascending indices, parsed as Spark's {@code libsvm}
 * source does (blank lines and lines starting with {@code #} are skipped; absent features are 0), but line by
 * line from Spark's text source so that a bad line is reported with its line number and what is wrong with it.
 */
final class LibsvmInput implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private LibsvmInput() {}

    static FrameSource open(SparkSession spark, DataSpec spec) {
        var frame = spark.read().text(spec.path()).select(FrameSource.withLocation(col("value")));
        return new FrameSource(frame, new LibsvmInput(), true);
    }

    @Override
    public boolean isRecord(Row row) {
        String line = row.getString(2).trim();
        return !line.isEmpty() && !line.startsWith("#");
    }

    @Override
    public void features(Row row, double[] into) throws Rejected {
        Tuple2<int[], double[]> entries = sparseFeatures(row, into.length);
        for (int k = 0; k < entries._1().length; k++) {
            into[entries._1()[k]] = entries._2()[k];
        }
    }

    @Override
    public Tuple2<int[], double[]> sparseFeatures(Row row, int numFeatures) throws Rejected {
        String[] tokens = row.getString(2).trim().split("\\s+");
        int[] indices = new int[tokens.length - 1];
        double[] values = new double[tokens.length - 1];
        int previous = 0;
        for (int t = 1; t < tokens.length; t++) {
            int colon = tokens[t].indexOf(':');
            int index;
            double value;
            try {
                index = Integer.parseInt(tokens[t].substring(0, Math.max(colon, 0)));
                value = Double.parseDouble(tokens[t].substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Rejected("'" + tokens[t] + "' is not index:value");
            }
            if (index < 1 || index > numFeatures) {
                throw new Rejected("feature index " + index + " is outside [1, " + numFeatures + "]");
            }
            if (index <= previous) {
                throw new Rejected("feature index " + index + " follows " + previous + "; indices must ascend");
            }
            indices[t - 1] = index - 1;
            values[t - 1] = value;
            previous = index;
        }
        return new Tuple2<>(indices, values);
    }

    @Override
    public long storedFeatures(Row row, int numFeatures) {
        String line = row.getString(2);
        long entries = 0;
        for (int i = 0; i < line.length(); i++) {
            entries += line.charAt(i) == ':' ? 1 : 0;
        }
        return entries;
    }

    @Override
    public double label(Row row) throws Rejected {
        String token = row.getString(2).trim().split("\\s+", 2)[0];
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new Rejected("label '" + token + "' is not a number");
        }
    }

    @Override
    public String featureName(int i) {
        return "feature " + (i + 1);
    }

    @Override
    public String line(long rowInFile) {
        return " (line " + (rowInFile + 1) + ")";
    }
}
