package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;

/**
 * The classes of Spark's own that Spark sends through Kryo in our users' jobs: the Spark SQL types when a data
 * source infers a schema (Parquet reads its files' footers in a Spark job whose results are {@code StructType}s),
 * and the aggregation buffer of Spark ML's evaluators ({@code RegressionEvaluator} sums its metrics with a
 * {@code SummarizerBuffer}). With registration required they must be registered, or reading Parquet or
 * evaluating a model fails; a class missing from this Spark version is skipped.
 */
final class SparkClasses {
    private static final String TYPES = "org.apache.spark.sql.types.";
    /** The metrics a SummarizerBuffer is asked for and computes. */
    private static final String STAT = "org.apache.spark.ml.stat.SummaryBuilderImpl$";

    private static final List<String> NAMES = List.of(
            TYPES + "StructType",
            TYPES + "StructField",
            "[L" + TYPES + "StructField;",
            TYPES + "Metadata",
            TYPES + "ArrayType",
            TYPES + "MapType",
            TYPES + "DecimalType",
            TYPES + "CharType",
            TYPES + "VarcharType",
            TYPES + "StringType",
            TYPES + "DayTimeIntervalType",
            TYPES + "YearMonthIntervalType",
            TYPES + "TimeType",
            TYPES + "BooleanType$",
            TYPES + "ByteType$",
            TYPES + "ShortType$",
            TYPES + "IntegerType$",
            TYPES + "LongType$",
            TYPES + "FloatType$",
            TYPES + "DoubleType$",
            TYPES + "BinaryType$",
            TYPES + "DateType$",
            TYPES + "TimestampType$",
            TYPES + "TimestampNTZType$",
            TYPES + "NullType$",
            TYPES + "CalendarIntervalType$",
            TYPES + "VariantType$",
            "org.apache.spark.ml.linalg.VectorUDT",
            "org.apache.spark.ml.linalg.MatrixUDT",
            "org.apache.spark.mllib.linalg.VectorUDT",
            "org.apache.spark.mllib.linalg.MatrixUDT",
            "org.apache.spark.ml.stat.SummarizerBuffer",
            STAT + "ComputeL1$",
            STAT + "ComputeM2$",
            STAT + "ComputeM2n$",
            STAT + "ComputeMax$",
            STAT + "ComputeMean$",
            STAT + "ComputeMin$",
            STAT + "ComputeNNZ$",
            STAT + "ComputeWeightSum$",
            STAT + "Count$",
            STAT + "Max$",
            STAT + "Mean$",
            STAT + "Min$",
            STAT + "NormL1$",
            STAT + "NormL2$",
            STAT + "NumNonZeros$",
            STAT + "Std$",
            STAT + "Sum$",
            STAT + "Variance$");

    private SparkClasses() {}

    static void register(Kryo kryo) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : NAMES) {
            try {
                kryo.register(
                        Class.forName(name, false, loader != null ? loader : SparkClasses.class.getClassLoader()));
            } catch (ClassNotFoundException absent) {
                // not in this Spark version (or mllib is not deployed): nothing of that type can be sent
            }
        }
    }
}
