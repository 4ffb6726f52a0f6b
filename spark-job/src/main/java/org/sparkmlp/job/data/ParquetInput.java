package org.sparkmlp.job.data;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.sparkmlp.core.data.Task;
import scala.Tuple2;

/**
 * Parquet, or any DataFrame, with a numeric label column and a features column that is an ML vector (dense or
 * sparse) or an array of double or float. For regression the label column may also be a vector or an array, one
 * value per output.
 */
final class ParquetInput implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final boolean vector;
    /** Whether the label column is a vector or an array rather than a number (regression only). */
    private final boolean multiLabel;

    private ParquetInput(boolean vector, boolean multiLabel) {
        this.vector = vector;
        this.multiLabel = multiLabel;
    }

    static FrameSource open(SparkSession spark, DataSpec spec) throws BadInputException {
        return of(spark.read().parquet(spec.path()), spec.path(), spec, FrameSource.location());
    }

    /**
     * Any DataFrame with these columns, its rows located by partition ({@link FrameSource#partitionLocation()})
     * so that they are numbered in partition order; {@code name} names it in messages.
     */
    static FrameSource ofFrame(Dataset<Row> frame, String name, DataSpec columns) throws BadInputException {
        return of(frame, name, columns, FrameSource.partitionLocation());
    }

    private static FrameSource of(Dataset<Row> data, String name, DataSpec spec, Column[] location)
            throws BadInputException {
        List<String> names = Arrays.asList(data.columns());
        String columns = " (columns: " + String.join(", ", names) + ")";
        if (!names.contains(spec.featuresColumn())) {
            throw new BadInputException(name + ": no features column '" + spec.featuresColumn() + "'" + columns);
        }
        DataType features = field(data, spec.featuresColumn()).dataType();
        boolean vector = features instanceof VectorUDT;
        if (!vector && !isArrayOfNumbers(features)) {
            throw new BadInputException(name + ": column '" + spec.featuresColumn() + "' is " + features.simpleString()
                    + "; expected a vector or an array of double or float");
        }
        boolean labelled = names.contains(spec.labelColumn());
        if (!labelled && spec.labelsRequired()) {
            throw new BadInputException(name + ": no label column '" + spec.labelColumn() + "'" + columns);
        }
        DataType label = labelled ? field(data, spec.labelColumn()).dataType() : null;
        boolean regression = spec.task() == Task.REGRESSION;
        boolean multiLabel = regression && (label instanceof VectorUDT || isArrayOfNumbers(label));
        if (labelled && !(label instanceof NumericType) && !multiLabel) {
            throw new BadInputException(name + ": label column '" + spec.labelColumn() + "' is "
                    + label.simpleString() + "; expected a number"
                    + (regression ? ", a vector or an array of double or float" : ""));
        }
        Column[] selected = new Column[location.length + (labelled ? 2 : 1)];
        System.arraycopy(location, 0, selected, 0, location.length);
        selected[location.length] = FrameSource.column(spec.featuresColumn());
        if (labelled) {
            selected[location.length + 1] = FrameSource.column(spec.labelColumn());
        }
        return new FrameSource(data.select(selected), new ParquetInput(vector, multiLabel), labelled);
    }

    @Override
    public void features(Row row, double[] into) throws Rejected {
        if (row.isNullAt(2)) {
            throw new Rejected("features are missing");
        }
        if (vector) {
            Vector v = (Vector) row.get(2);
            requireSize(v.size(), into.length);
            if (v instanceof SparseVector sparse) {
                int[] indices = sparse.indices();
                double[] values = sparse.values();
                for (int i = 0; i < indices.length; i++) {
                    into[indices[i]] = values[i];
                }
            } else {
                System.arraycopy(((DenseVector) v).values(), 0, into, 0, into.length);
            }
        } else {
            List<Object> values = row.getList(2);
            requireSize(values.size(), into.length);
            for (int i = 0; i < into.length; i++) {
                if (values.get(i) == null) {
                    throw new Rejected(featureName(i) + " is missing");
                }
                into[i] = ((Number) values.get(i)).doubleValue();
            }
        }
    }

    @Override
    public Tuple2<int[], double[]> sparseFeatures(Row row, int numFeatures) throws Rejected {
        if (!vector || row.isNullAt(2) || !(row.get(2) instanceof SparseVector sparse)) {
            return RowDecoder.super.sparseFeatures(row, numFeatures);
        }
        requireSize(sparse.size(), numFeatures);
        int[] indices = sparse.indices();
        for (int k = 1; k < indices.length; k++) {
            if (indices[k] <= indices[k - 1]) {
                throw new Rejected(
                        "feature index " + indices[k] + " follows " + indices[k - 1] + "; indices must ascend");
            }
        }
        // copied: the vector's arrays may be shared with the row's source (e.g. a cached DataFrame)
        return new Tuple2<>(indices.clone(), sparse.values().clone());
    }

    @Override
    public long storedFeatures(Row row, int numFeatures) {
        return vector && !row.isNullAt(2) && row.get(2) instanceof SparseVector sparse
                ? sparse.indices().length
                : numFeatures;
    }

    @Override
    public double label(Row row) throws Rejected {
        if (row.isNullAt(3)) {
            throw new Rejected("label is missing");
        }
        return ((Number) row.get(3)).doubleValue();
    }

    @Override
    public void targets(Row row, double[] into) throws Rejected {
        if (!multiLabel) {
            RowDecoder.super.targets(row, into);
            return;
        }
        if (row.isNullAt(3)) {
            throw new Rejected("label is missing");
        }
        if (row.get(3) instanceof Vector v) {
            requireWidth(v.size(), into.length);
            System.arraycopy(v.toArray(), 0, into, 0, into.length);
            return;
        }
        List<Object> values = row.getList(3);
        requireWidth(values.size(), into.length);
        for (int k = 0; k < into.length; k++) {
            if (values.get(k) == null) {
                throw new Rejected("label value " + k + " is missing");
            }
            into[k] = ((Number) values.get(k)).doubleValue();
        }
    }

    private static void requireWidth(int size, int expected) throws Rejected {
        if (size != expected) {
            throw new Rejected("the label has " + size + " values, expected " + expected + " (the network's outputs)");
        }
    }

    private static boolean isArrayOfNumbers(DataType type) {
        return type instanceof ArrayType array
                && (array.elementType() == DataTypes.DoubleType || array.elementType() == DataTypes.FloatType);
    }

    private static void requireSize(int size, int expected) throws Rejected {
        if (size != expected) {
            throw new Rejected(size + " features, expected " + expected);
        }
    }

    private static StructField field(Dataset<Row> data, String name) {
        return data.schema().apply(name);
    }
}
