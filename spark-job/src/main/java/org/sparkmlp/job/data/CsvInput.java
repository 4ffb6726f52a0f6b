package org.sparkmlp.job.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * CSV with a header line, read by Spark's CSV reader: the label column by name, every other column a feature in
 * header order. Values are parsed here, so that an empty or non-numeric value, or a line with the wrong number of
 * values, is reported with its column and line (counted assuming one header line and no blank lines).
 */
final class CsvInput implements RowDecoder {
    private static final long serialVersionUID = 1L;
    private static final String CORRUPT = "_corrupt_record";
    private static final int SHOWN_CHARS = 80;

    private final String[] featureNames;
    private final String labelName;

    private CsvInput(String[] featureNames, String labelName) {
        this.featureNames = featureNames;
        this.labelName = labelName;
    }

    static FrameSource open(SparkSession spark, DataSpec spec, int numFeatures) throws BadInputException {
        String[] header = spark.read().option("header", "true").csv(spec.path()).columns();
        if (header.length == 0) {
            throw new BadInputException(spec.path() + ": no records");
        }
        boolean labelled = Arrays.asList(header).contains(spec.labelColumn());
        if (!labelled && spec.labelsRequired()) {
            throw new BadInputException(spec.path() + ": the header has no label column '" + spec.labelColumn()
                    + "' (columns: " + String.join(", ", header) + ")");
        }
        String[] features =
                Arrays.stream(header).filter(c -> !c.equals(spec.labelColumn())).toArray(String[]::new);
        if (features.length != numFeatures) {
            throw new BadInputException(spec.path() + ": the header has " + features.length + " feature columns"
                    + (labelled ? " besides '" + spec.labelColumn() + "'" : "") + ", expected " + numFeatures);
        }
        // All columns as text, and the corrupt-record column that Spark fills for a line with too few or many values.
        StructType schema = new StructType();
        for (String name : header) {
            schema = schema.add(name, DataTypes.StringType);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType);
        List<Column> columns = new ArrayList<>();
        columns.add(FrameSource.column(CORRUPT));
        if (labelled) {
            columns.add(FrameSource.column(spec.labelColumn()));
        }
        for (String f : features) {
            columns.add(FrameSource.column(f));
        }
        var frame = spark.read()
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .schema(schema)
                .csv(spec.path())
                .select(FrameSource.withLocation(columns.toArray(Column[]::new)));
        return new FrameSource(frame, new CsvInput(features, labelled ? spec.labelColumn() : null), labelled);
    }

    @Override
    public void features(Row row, double[] into) throws Rejected {
        if (!row.isNullAt(2)) {
            String line = row.getString(2);
            throw new Rejected("malformed line, not " + (featureNames.length + (labelName == null ? 0 : 1))
                    + " comma-separated values: "
                    + (line.length() > SHOWN_CHARS ? line.substring(0, SHOWN_CHARS) + "…" : line));
        }
        int first = labelName == null ? 3 : 4;
        for (int i = 0; i < into.length; i++) {
            into[i] = number(row, first + i, featureNames[i]);
        }
    }

    @Override
    public double label(Row row) throws Rejected {
        return number(row, 3, labelName);
    }

    @Override
    public String featureName(int i) {
        return "column '" + featureNames[i] + "'";
    }

    @Override
    public String line(long rowInFile) {
        return " (line " + (rowInFile + 2) + ")";
    }

    private static double number(Row row, int column, String name) throws Rejected {
        String text = row.getString(column);
        if (text == null || text.isBlank()) {
            throw new Rejected("column '" + name + "' is empty");
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new Rejected("column '" + name + "' holds '" + text + "', not a number");
        }
    }
}
