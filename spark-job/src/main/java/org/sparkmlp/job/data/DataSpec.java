package org.sparkmlp.job.data;

import java.util.Objects;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Task;

/**
 * Where a dataset is and how to read it.
 *
 * @param path           the data: any Hadoop URI or local path (a file, a directory or a glob)
 * @param labelsPath     IDX only: the labels file; null means the file that {@code IdxReader.labelsFileNameFor}
 *                       names beside the images file, and, if that is absent and labels are not required, no labels
 * @param format         the format; null means {@link InputFormat#detect detected} from the path
 * @param labelColumn    CSV and Parquet: the label column's name; null means {@code "label"}
 * @param featuresColumn Parquet: the features column's name; null means {@code "features"}
 * @param labelsRequired whether data without labels is an error (training) or allowed (prediction)
 * @param storage        how the cached features are stored; null means auto: uint8 for IDX (its pixels are
 *                       bytes), sparse for records that store few of their features, else {@code autoDense}
 * @param task           what the labels are: class labels, or real-valued targets (a number or, in Parquet, a
 *                       vector or array per record); null means classification
 * @param autoDense      what auto stores dense features as: float64, or float32 for a network that computes in
 *                       FP32 and so rounds them to float anyway; null means float64
 */
public record DataSpec(
        String path,
        String labelsPath,
        InputFormat format,
        String labelColumn,
        String featuresColumn,
        boolean labelsRequired,
        FeatureStorage storage,
        Task task,
        FeatureStorage autoDense) {
    public DataSpec {
        Objects.requireNonNull(path, "path");
        task = task == null ? Task.CLASSIFICATION : task;
        autoDense = autoDense == null ? FeatureStorage.FLOAT64 : autoDense;
        if (autoDense != FeatureStorage.FLOAT64 && autoDense != FeatureStorage.FLOAT32) {
            throw new IllegalArgumentException("auto stores dense features as float64 or float32, not " + autoDense);
        }
        labelColumn = labelColumn == null ? "label" : labelColumn;
        featuresColumn = featuresColumn == null ? "features" : featuresColumn;
    }

    /** Class labels, features stored as auto decides. */
    public DataSpec(
            String path,
            String labelsPath,
            InputFormat format,
            String labelColumn,
            String featuresColumn,
            boolean labelsRequired) {
        this(path, labelsPath, format, labelColumn, featuresColumn, labelsRequired, null, null, null);
    }

    /** The same data, its features stored as {@code kind} (null: auto). */
    public DataSpec withStorage(FeatureStorage kind) {
        return new DataSpec(
                path, labelsPath, format, labelColumn, featuresColumn, labelsRequired, kind, task, autoDense);
    }

    /** The same data, its labels read as {@code kind} requires. */
    public DataSpec withTask(Task kind) {
        return new DataSpec(
                path, labelsPath, format, labelColumn, featuresColumn, labelsRequired, storage, kind, autoDense);
    }

    /** The same data, its dense features stored as {@code kind} (float64 or float32) when auto decides. */
    public DataSpec withAutoDense(FeatureStorage kind) {
        return new DataSpec(path, labelsPath, format, labelColumn, featuresColumn, labelsRequired, storage, task, kind);
    }

    /** Labelled data at a path, everything else defaulted. */
    public static DataSpec labelled(String path) {
        return new DataSpec(path, null, null, null, null, true);
    }
}
