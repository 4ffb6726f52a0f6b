package org.sparkmlp.job.cli;

import org.sparkmlp.core.data.Task;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.InputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to read data files: format and column names. */
final class FormatOptions {
    @Option(names = "--format", description = "idx, libsvm, csv or parquet (default: from the file name).")
    String format;

    @Option(names = "--label-column", description = "CSV and Parquet: the label column (default: label).")
    String labelColumn;

    @Option(
            names = "--features-column",
            description = "Parquet: the features column, a vector or an array of numbers (default: features).")
    String featuresColumn;

    /** A usage error for an unknown format, before Spark starts. */
    void check(CommandLine cli) {
        if (format != null) {
            try {
                InputFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cli, UsageErrors.name(cli, "format") + ": " + e.getMessage());
            }
        }
    }

    DataSpec spec(String path, String labels, boolean labelsRequired, Task task) {
        InputFormat parsed = format == null ? null : InputFormat.parse(format);
        return new DataSpec(path, labels, parsed, labelColumn, featuresColumn, labelsRequired, null, task, null);
    }

    /** A usage error if the format given, or implied by the path, cannot hold the task's targets: IDX regression. */
    void checkTask(CommandLine cli, Task task, String path) {
        if (task != Task.REGRESSION || path == null) {
            return;
        }
        InputFormat given;
        try {
            given = format != null ? InputFormat.parse(format) : InputFormat.detect(path, false);
        } catch (IllegalArgumentException e) {
            return; // the loader reports a name it cannot place
        }
        if (given == InputFormat.IDX) {
            throw new ParameterException(
                    cli, "--task regression: IDX files hold class labels; train regression on CSV, LIBSVM or Parquet");
        }
    }
}
