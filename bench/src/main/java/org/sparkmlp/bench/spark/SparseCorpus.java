package org.sparkmlp.bench.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.corpora.ManPageCorpus;

/**
 * The sparse section's documents: the manual pages of this machine ({@link ManPageCorpus}), written once as two
 * Parquet files, {@code train} and {@code test} (label, text; the corpus' held-out documents), each one file in
 * corpus order, so that every contender's JVM hashes exactly the same rows in the same order.
 */
final class SparseCorpus {
    /** Where the two sets are, and how many documents each holds. */
    record Written(Path directory, int train, int test) {}

    private SparseCorpus() {}

    /** The corpus written under {@code directory}, or null when this machine has too few manual pages. */
    static Written write(SparkSession spark, int perSection, Path directory) {
        List<ManPageCorpus.Document> documents = ManPageCorpus.read(perSection);
        if (documents.isEmpty()) {
            return null;
        }
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ManPageCorpus.Document doc = documents.get(i);
            (ManPageCorpus.heldOut(i) ? test : train).add(RowFactory.create((double) doc.label(), doc.text()));
        }
        write(spark, train, directory.resolve("train"));
        write(spark, test, directory.resolve("test"));
        return new Written(directory, train.size(), test.size());
    }

    private static void write(SparkSession spark, List<Row> rows, Path path) {
        StructType schema =
                new StructType().add("label", DataTypes.DoubleType, false).add("text", DataTypes.StringType, false);
        spark.createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(path.toString());
    }
}
