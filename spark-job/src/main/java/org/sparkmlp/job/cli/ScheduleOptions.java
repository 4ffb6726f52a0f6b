package org.sparkmlp.job.cli;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.sparkmlp.job.model.ModelRoot;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Scheduled training ({@code mlp train --model-root ROOT --date DATE}): the data of one date, a new version of the
 * model under a model root. The version is named by the date, not by the clock, so a rerun of the same date finds
 * the version it wrote before.
 */
final class ScheduleOptions {
    /** Replaced by the date in data and checkpoint paths, e.g. {@code hdfs:///data/fashion/dt={date}/}. */
    static final String DATE = "{date}";

    @Option(names = "--model-root", paramLabel = "ROOT",
            description = "Scheduled training: write the model as a new version ROOT/<version>/ (model, metrics, "
                    + "then _SUCCESS) instead of --model; needs --date.")
    String modelRoot;

    @Option(names = "--date", paramLabel = "DATE",
            description = "The run's date: YYYY-MM-DD or an ISO-8601 time (2026-11-28T02:00:00Z). Replaces " + DATE
                    + " in --train, --test, their labels and --checkpoint-dir, and names the version "
                    + "(2026-11-28T02-00-00Z, in UTC).")
    String date;

    @Option(names = "--warm-start",
            description = "Start from the newest successful version before this one (if there is none, from the "
                    + "initial weights of --seed). The network must be the same.")
    boolean warmStart;

    @Option(names = "--keep", paramLabel = "K", defaultValue = "0",
            description = "After a successful run, delete successful versions beyond the newest K (default: keep all).")
    int keep;

    @Option(names = "--force", description = "Train a date again whose version already succeeded (default: exit 0 "
            + "and leave it as it is).")
    boolean force;

    boolean scheduled() {
        return modelRoot != null;
    }

    /** The version this run writes, e.g. {@code 2026-11-28T02-00-00Z}; after {@link #resolvePaths}. */
    String version() {
        return ModelRoot.versionName(parsedDate().toInstant());
    }

    /**
     * Checks how the scheduling options combine with the command's, and returns its data and checkpoint paths
     * with {@value #DATE} replaced by the run's day.
     *
     * @param model       {@code --model}, or null
     * @param overwrite   {@code --overwrite}
     * @param initModel   {@code --init-model}, or null
     * @throws CommandLine.ParameterException for a combination that makes no sense or a malformed date
     */
    TrainingPaths resolvePaths(TrainingPaths paths, String model, boolean overwrite, String initModel,
            CommandLine cli) {
        if (!scheduled()) {
            if (date != null || warmStart || keep != 0 || force) {
                throw new CommandLine.ParameterException(cli, "--date, --warm-start, --keep and --force need "
                        + "--model-root");
            }
            for (String path : paths.given()) {
                if (path.contains(DATE)) {
                    throw new CommandLine.ParameterException(cli, "the path " + path + " has " + DATE
                            + "; scheduled training needs --model-root and --date");
                }
            }
            return paths;
        }
        if (model != null || overwrite) {
            throw new CommandLine.ParameterException(cli, "--model-root writes versions; it excludes --model and "
                    + "--overwrite (see --force)");
        }
        if (date == null) {
            throw new CommandLine.ParameterException(cli, "--model-root needs --date");
        }
        if (warmStart && initModel != null) {
            throw new CommandLine.ParameterException(cli, "--warm-start and --init-model exclude each other");
        }
        if (keep < 0) {
            throw new CommandLine.ParameterException(cli, UsageErrors.name(cli, "keep") + " must be 0 (keep all) or "
                    + "more, got " + keep);
        }
        if (paths.train() != null && !paths.train().contains(DATE)) {
            // every version would be trained on the same data, and a rerun of a date could see other data
            throw new CommandLine.ParameterException(cli, "with --model-root, --train must contain " + DATE
                    + ", e.g. hdfs:///data/fashion/dt=" + DATE + "/train.parquet");
        }
        String day;
        try {
            day = parsedDate().toLocalDate().toString();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        return paths.map(path -> path.replace(DATE, day));
    }

    private OffsetDateTime parsedDate() {
        try {
            return date.contains("T") ? OffsetDateTime.parse(date)
                    : LocalDate.parse(date).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date " + date + ": expected YYYY-MM-DD or an ISO-8601 time with "
                    + "its offset, such as 2026-11-28T02:00:00Z");
        }
    }
}
