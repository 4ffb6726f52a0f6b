package org.sparkmlp.job.cli;

import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.InputFormat;
import picocli.CommandLine.Option;

/** How to read data files: format and column names. */
final class FormatOptions {
    @Option(names = "--format", description = "idx, libsvm, csv or parquet (default: from the file name).")
    InputFormat format;

    @Option(names = "--label-column", description = "CSV and Parquet: the label column (default: label).")
    String labelColumn;

    @Option(names = "--features-column",
            description = "Parquet: the features column, a vector or an array of numbers (default: features).")
    String featuresColumn;

    DataSpec spec(String path, String labels, boolean labelsRequired) {
        return new DataSpec(path, labels, format, labelColumn, featuresColumn, labelsRequired);
    }
}
