package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;

/**
 * The Spark SQL classes that Spark itself sends through Kryo when a data source infers a schema (Parquet reads
 * its files' footers in a Spark job whose results are {@code StructType}s). With registration required they must
 * be registered, or reading Parquet fails; a class missing from this Spark version is skipped.
 */
final class SchemaClasses {
    private static final String TYPES = "org.apache.spark.sql.types.";
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
            "org.apache.spark.mllib.linalg.MatrixUDT");

    private SchemaClasses() {}

    static void register(Kryo kryo) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : NAMES) {
            try {
                kryo.register(
                        Class.forName(name, false, loader != null ? loader : SchemaClasses.class.getClassLoader()));
            } catch (ClassNotFoundException absent) {
                // not in this Spark version (or mllib is not deployed): nothing of that type can be sent
            }
        }
    }
}
