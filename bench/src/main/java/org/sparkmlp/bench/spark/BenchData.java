package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.data.LoadedData;

/**
 * The benchmark's data, loaded once and shared by every system: our cached blocks (read by the job's own
 * {@link DataLoader}), the same rows as cached DataFrames of (label, features) for MLlib, and the training set in
 * driver memory for core-math's single-process trainer. Pixels are scaled to [0, 1] everywhere.
 */
record BenchData(
        LoadedData train, LoadedData test, Dataset<Row> trainFrame, Dataset<Row> testFrame, DenseDataset trainLocal) {
    static final int FEATURES = 784;
    static final int CLASSES = 10;
    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    static BenchData load(SparkSession spark, Path directory, int partitions) throws IOException {
        Path trainImages = directory.resolve("train-images-idx3-ubyte.gz");
        Path testImages = directory.resolve("t10k-images-idx3-ubyte.gz");
        LoadedData train =
                DataLoader.load(spark, DataSpec.labelled(trainImages.toString()), partitions, FEATURES, CLASSES);
        LoadedData test =
                DataLoader.load(spark, DataSpec.labelled(testImages.toString()), partitions, FEATURES, CLASSES);
        DenseDataset local = IdxReader.read(trainImages, IdxReader.labelsBeside(trainImages));
        return new BenchData(train, test, frame(spark, train), frame(spark, test), local);
    }

    /** The rows of {@code data} as (label, features), in its partitions, cached and materialised. */
    private static Dataset<Row> frame(SparkSession spark, LoadedData data) {
        JavaRDD<Row> rows = data.blocks().mapPartitions(blocks -> {
            List<Row> out = new ArrayList<>();
            while (blocks.hasNext()) {
                LabeledBlock block = blocks.next();
                int d = block.numFeatures();
                for (int r = 0; r < block.size(); r++) {
                    double[] x = new double[d];
                    block.features().copyRow(r, x, 0);
                    out.add(RowFactory.create((double) block.labels()[r], Vectors.dense(x)));
                }
            }
            return out.iterator();
        });
        Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        frame.count();
        return frame;
    }

    long trainRows() {
        return train.count();
    }
}
