package org.sparkmlp.job.data;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.IdxFormatException;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.Task;

/**
 * Loads a dataset in any {@link InputFormat} into Spark as one {@link LabeledBlock} per partition, rows numbered
 * in the dataset's own order, every record checked (feature count, finite values, integer labels in
 * {@code [0, outputs)} or finite real-valued targets of {@code outputs} values, as the spec's task says; values the
 * {@link DataSpec#storage() storage kind} can hold). Bad input fails with a {@link BadInputException} that names the file, the record and the
 * fault, also when the fault is found inside a Spark task.
 */
public final class DataLoader {
    private DataLoader() {}

    /**
     * @param partitions       the number of blocks; ≤ 0 means Spark's default parallelism. Blocks are empty only
     *                         when there are fewer rows than blocks
     * @param expectedFeatures the number of features every record must have
     * @param outputs          the network's outputs: classification labels must be integers in {@code [0, outputs)},
     *                         regression targets must have {@code outputs} values
     * @return blocks persisted {@link StorageLevel#MEMORY_AND_DISK() MEMORY_AND_DISK} and materialised
     */
    public static LoadedData load(SparkSession spark, DataSpec spec, int partitions, int expectedFeatures, int outputs)
            throws IOException {
        if (expectedFeatures <= 0 || outputs <= 0) {
            throw new IllegalArgumentException(
                    "expected features and outputs must be positive, got " + expectedFeatures + " and " + outputs);
        }
        int p = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        FileStatus[] matches = existing(spark, spec.path());
        boolean singleFile = matches.length == 1 && matches[0].isFile();
        InputFormat format = spec.format() != null
                ? spec.format()
                : InputFormat.detect(spec.path(), matches.length == 1 && matches[0].isDirectory());
        if (format == InputFormat.IDX && spec.task() == Task.REGRESSION) {
            throw new IllegalArgumentException(
                    spec.path() + ": IDX files hold class labels; regression reads CSV, LIBSVM or Parquet");
        }
        FeatureStorage storage = spec.storage() != null ? spec.storage() : auto(format);
        try {
            String labels = format == InputFormat.IDX ? idxLabels(spark, spec) : null;
            Packed packed = switch (format) {
                case IDX -> IdxSource.read(spark, spec.path(), labels, p, expectedFeatures, outputs, storage);
                case LIBSVM ->
                    pack(LibsvmInput.open(spark, spec), spec, singleFile, p, expectedFeatures, outputs, storage);
                case CSV ->
                    pack(
                            CsvInput.open(spark, spec, expectedFeatures),
                            spec,
                            singleFile,
                            p,
                            expectedFeatures,
                            outputs,
                            storage);
                case PARQUET ->
                    pack(ParquetInput.open(spark, spec), spec, singleFile, p, expectedFeatures, outputs, storage);
            };
            return materialise(
                    packed,
                    format + " " + spec.path() + (labels != null ? " + " + labels : ""),
                    expectedFeatures,
                    p,
                    storage);
        } catch (Exception e) {
            BadInputException bad = badInputIn(e);
            if (bad == null || bad == e) {
                throw e;
            }
            throw new BadInputException(bad.getMessage(), e);
        }
    }

    /**
     * The rows of a DataFrame, numbered in its partition order (read it twice: keep it deterministic, e.g. cached).
     *
     * @param name    what to call it in messages and the description
     * @param columns the features column (a vector or an array of double or float) and label column; its path
     *                and format are not used
     * @see #load
     */
    public static LoadedData fromFrame(
            Dataset<Row> frame, String name, DataSpec columns, int partitions, int expectedFeatures, int outputs)
            throws BadInputException {
        int p = partitions > 0
                ? partitions
                : frame.sparkSession().sparkContext().defaultParallelism();
        FeatureStorage storage = columns.storage(); // null: auto, which FramePacker decides
        try {
            return materialise(
                    FramePacker.pack(
                            ParquetInput.ofFrame(frame, name, columns),
                            name,
                            true,
                            p,
                            expectedFeatures,
                            columns.task(),
                            outputs,
                            storage,
                            columns.autoDense()),
                    name,
                    expectedFeatures,
                    p,
                    storage);
        } catch (Exception e) {
            BadInputException bad = badInputIn(e);
            if (bad == null || bad == e) {
                throw e;
            }
            throw new BadInputException(bad.getMessage(), e);
        }
    }

    /**
     * What {@code --storage auto} stores a format's features as: IDX pixels are bytes, so uint8 holds them exactly;
     * for the other formats null, which lets {@link FramePacker} choose from the density it counts (sparse or the
     * spec's {@linkplain DataSpec#autoDense() dense kind}).
     */
    private static FeatureStorage auto(InputFormat format) {
        return format == InputFormat.IDX ? FeatureStorage.UINT8 : null;
    }

    private static LoadedData materialise(
            Packed packed, String name, int features, int partitions, FeatureStorage storage) {
        JavaRDD<LabeledBlock> blocks = packed.blocks().persist(StorageLevel.MEMORY_AND_DISK());
        blocks.count();
        String description = name + ": " + packed.count() + " rows × " + features + " features, "
                + (packed.labelled() ? "labelled" : "unlabelled") + ", " + partitions + " blocks";
        return new LoadedData(blocks, packed.count(), features, packed.labelled(), packed.storage(), description);
    }

    private static Packed pack(
            FrameSource source,
            DataSpec spec,
            boolean singleFile,
            int partitions,
            int features,
            int outputs,
            FeatureStorage storage)
            throws BadInputException {
        return FramePacker.pack(
                source, spec.path(), singleFile, partitions, features, spec.task(), outputs, storage, spec.autoDense());
    }

    /** The labels file for IDX images, or null when there is none and none is required. */
    private static String idxLabels(SparkSession spark, DataSpec spec) throws IOException {
        if (spec.labelsPath() != null) {
            existing(spark, spec.labelsPath());
            return spec.labelsPath();
        }
        Path images = new Path(spec.path());
        String beside;
        try {
            beside = new Path(images.getParent(), IdxReader.labelsFileNameFor(images.getName())).toString();
        } catch (IllegalArgumentException e) {
            if (spec.labelsRequired()) {
                throw new BadInputException(spec.path() + ": " + e.getMessage(), e);
            }
            return null;
        }
        if (!spec.labelsRequired() && !exists(spark, beside)) {
            return null;
        }
        existing(spark, beside);
        return beside;
    }

    private static FileStatus[] existing(SparkSession spark, String path) throws IOException {
        FileStatus[] matches = globStatus(spark, path);
        if (matches == null || matches.length == 0) {
            throw new BadInputException(path + ": no such file or directory");
        }
        return matches;
    }

    private static boolean exists(SparkSession spark, String path) throws IOException {
        FileStatus[] matches = globStatus(spark, path);
        return matches != null && matches.length > 0;
    }

    private static FileStatus[] globStatus(SparkSession spark, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return fs.globStatus(p);
    }

    /**
     * The bad input behind a failure: Spark wraps what a task throws in a {@code SparkException} (and the packer
     * in an {@code UncheckedIOException}); IDX format errors count as bad input too.
     */
    private static BadInputException badInputIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                return bad;
            }
            if (t instanceof IdxFormatException idx) {
                return new BadInputException(idx.getMessage(), idx);
            }
        }
        return null;
    }
}
