package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scheduled training's options that do not combine are usage errors, found before Spark starts. */
class ScheduleOptionsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--model-root r --train d/dt={date}/x.csv|--model-root needs --date",
                "--model-root r --model m --date 2026-11-28 --train d/{date}.csv|it excludes --model and --overwrite",
                "--model-root r --date 2026-11-28 --train d/x.csv|with --model-root, --train must contain {date}",
                "--model-root r --date 2026-11-31 --train d/{date}.csv|--date 2026-11-31: expected YYYY-MM-DD",
                "--model-root r --date 2026-11-28T02:00:00 --train d/{date}.csv|an ISO-8601 time with its offset",
                "--model-root r --date 2026-11-28 --train d/{date}.csv --keep -1|--keep must be 0 (keep all) or more",
                "--model-root r --date 2026-11-28 --train d/{date}.csv --warm-start --init-model m|exclude each other",
                "--model m --date 2026-11-28 --train d/x.csv|--date, --warm-start, --keep, --force and --lock-wait need --model-root",
                "--model m --lock-wait 5m --train d/x.csv|--date, --warm-start, --keep, --force and --lock-wait need --model-root",
                "--model-root r --date 2026-11-28 --train d/{date}.csv --lock-wait 5min|--lock-wait 5min: expected a whole number of seconds, minutes or hours, such as 90s, 30m or 2h",
                "--model m --train d/{date}.csv|the path d/{date}.csv has {date}; scheduled training needs --model-root",
            })
    void isAUsageError(String args, String message) {
        String[] command = ("train --layers 2-3 " + args).split(" ");
        InProcessMlp.Result result = InProcessMlp.run(command);
        assertEquals(MlpCommand.EXIT_USAGE, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(message), result.err());
    }
}
