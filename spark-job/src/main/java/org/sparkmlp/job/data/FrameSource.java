package org.sparkmlp.job.data;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A DataFrame source ready to pack: the rows (file and split first, see {@link RowDecoder}), how to decode them,
 * and whether they carry labels.
 */
record FrameSource(Dataset<Row> frame, RowDecoder decoder, boolean labelled) {
    /** A column by its name taken literally (dots and backticks in names are common enough in CSV headers). */
    static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The columns that locate a row: its file and the start of its split within the file. */
    static Column[] withLocation(Column... columns) {
        Column[] all = new Column[columns.length + 2];
        all[0] = col("_metadata.file_path");
        all[1] = col("_metadata.file_block_start");
        System.arraycopy(columns, 0, all, 2, columns.length);
        return all;
    }
}
