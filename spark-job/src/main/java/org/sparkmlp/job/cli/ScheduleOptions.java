package org.sparkmlp.job.cli;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})([smh])");

    @Option(
            names = "--model-root",
            paramLabel = "ROOT",
            description = "Scheduled training: write the model as a new version ROOT/<version>/ (model, metrics, "
                    + "then _SUCCESS) instead of --model; needs --date.")
    String modelRoot;

    @Option(
            names = "--date",
            paramLabel = "DATE",
            description = "The run's date: YYYY-MM-DD or an ISO-8601 time (2026-11-28T02:00:00Z). Replaces " + DATE
                    + " in --train, --test, their labels and --checkpoint-dir, and names the version "
                    + "(2026-11-28T02-00-00Z, in UTC).")
    String date;

    @Option(
            names = "--warm-start",
            description = "Start from the newest successful version before this one (if there is none, from the "
                    + "initial weights of --seed). The network must be the same.")
    boolean warmStart;

    @Option(
            names = "--keep",
            paramLabel = "K",
            defaultValue = "0",
            description = "After a successful run, delete successful versions beyond the newest K (default: keep all).")
    int keep;

    @Option(
            names = "--force",
            description = "Train a date again whose version already succeeded (default: exit 0 and leave it as it is).")
    boolean force;

    @Option(
            names = "--lock-wait",
            paramLabel = "DURATION",
            defaultValue = "0s",
            description = "How long to wait for another run that holds the model root's lock, e.g. 90s, 30m or 2h "
                    + "(default: ${DEFAULT-VALUE}: exit 6 at once, naming it).")
    String lockWait;

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
    TrainingPaths resolvePaths(
            TrainingPaths paths, String model, boolean overwrite, String initModel, CommandLine cli) {
        if (!scheduled()) {
            if (date != null || warmStart || keep != 0 || force || !lockWait.equals("0s")) {
                throw new CommandLine.ParameterException(
                        cli, "--date, --warm-start, --keep, --force and --lock-wait need --model-root");
            }
            for (String path : paths.given()) {
                if (path.contains(DATE)) {
                    throw new CommandLine.ParameterException(
                            cli,
                            "the path " + path + " has " + DATE + "; scheduled training needs --model-root and --date");
                }
            }
            return paths;
        }
        if (model != null || overwrite) {
            throw new CommandLine.ParameterException(
                    cli, "--model-root writes versions; it excludes --model and --overwrite (see --force)");
        }
        if (date == null) {
            throw new CommandLine.ParameterException(cli, "--model-root needs --date");
        }
        if (warmStart && initModel != null) {
            throw new CommandLine.ParameterException(cli, "--warm-start and --init-model exclude each other");
        }
        lockWait(cli);
        if (keep < 0) {
            throw new CommandLine.ParameterException(
                    cli, UsageErrors.name(cli, "keep") + " must be 0 (keep all) or more, got " + keep);
        }
        if (paths.train() != null && !paths.train().contains(DATE)) {
            // every version would be trained on the same data, and a rerun of a date could see other data
            throw new CommandLine.ParameterException(
                    cli,
                    "with --model-root, --train must contain " + DATE + ", e.g. hdfs:///data/fashion/dt=" + DATE
                            + "/train.parquet");
        }
        String day;
        try {
            day = parsedDate().toLocalDate().toString();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        return paths.map(path -> path.replace(DATE, day));
    }

    /** {@code --lock-wait} as a duration: a whole number of seconds, minutes or hours. */
    Duration lockWait(CommandLine cli) {
        Matcher wait = WAIT.matcher(lockWait);
        if (!wait.matches()) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--lock-wait " + lockWait + ": expected a whole number "
                            + "of seconds, minutes or hours, such as 90s, 30m or 2h");
        }
        long amount = Long.parseLong(wait.group(1));
        return switch (wait.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private OffsetDateTime parsedDate() {
        try {
            return date.contains("T")
                    ? OffsetDateTime.parse(date)
                    : LocalDate.parse(date).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date " + date + ": expected YYYY-MM-DD or an ISO-8601 time with "
                    + "its offset, such as 2026-11-28T02:00:00Z");
        }
    }
}
