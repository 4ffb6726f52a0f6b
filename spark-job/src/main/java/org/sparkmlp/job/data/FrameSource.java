package org.sparkmlp.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.spark_partition_id;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A DataFrame source ready to pack: the rows (file and split first, see {@link RowDecoder}), how to decode them,
 * and whether they carry labels.
 */
record FrameSource(Dataset<Row> frame, RowDecoder decoder, boolean labelled) {
    /** A column by its name taken literally (dots and backticks in names are common enough in CSV headers). */
    static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The columns that locate a row of a file source: its file and the start of its split within the file. */
    static Column[] location() {
        return new Column[] {col("_metadata.file_path"), col("_metadata.file_block_start")};
    }

    /** {@link #location()} followed by {@code columns}. */
    static Column[] withLocation(Column... columns) {
        Column[] all = new Column[columns.length + 2];
        System.arraycopy(location(), 0, all, 0, 2);
        System.arraycopy(columns, 0, all, 2, columns.length);
        return all;
    }

    /**
     * The columns that locate a row of any DataFrame: its partition, as the "split" of one nameless "file"; the
     * rows are then numbered in partition order.
     */
    static Column[] partitionLocation() {
        return new Column[] {lit(""), spark_partition_id().cast(DataTypes.LongType)};
    }
}
