package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scheduled training's options that do not combine are usage errors, found before Spark starts. */
class ScheduleOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--model-root r --train d/dt={date}/x.csv|--model-root needs --date",
        "--model-root r --model m --date 2026-11-28 --train d/{date}.csv|it excludes --model and --overwrite",
        "--model-root r --date 2026-11-28 --train d/x.csv|with --model-root, --train must contain {date}",
        "--model-root r --date 2026-11-31 --train d/{date}.csv|--date 2026-11-31: expected YYYY-MM-DD",
        "--model-root r --date 2026-11-28T02:00:00 --train d/{date}.csv|an ISO-8601 time with its offset",
        "--model-root r --date 2026-11-28 --train d/{date}.csv --keep -1|--keep must be 0 (keep all) or more",
        "--model-root r --date 2026-11-28 --train d/{date}.csv --warm-start --init-model m|exclude each other",
        "--model m --date 2026-11-28 --train d/x.csv|--date, --warm-start, --keep and --force need --model-root",
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
