package org.sparkmlp.bench.spark;

import java.util.Locale;
import java.util.Properties;

/**
 * What one contender of the sparse section did in its JVM: its outcome, its wall time, and when it finished what it
 * measured ({@link SparseContender}'s properties; NaN for what it did not measure).
 */
record SparseResult(String contender, int features, Outcome outcome, double wallSeconds, Properties measured) {
    /** How a contender's JVM ended. */
    enum Outcome {
        DONE,
        OUT_OF_MEMORY,
        TIMED_OUT,
        FAILED
    }

    /** The outcome of a JVM started with {@code -XX:+ExitOnOutOfMemoryError}, from how it ended and its log. */
    static Outcome outcome(boolean exited, int exitCode, boolean wroteResult, String log) {
        if (!exited) {
            return Outcome.TIMED_OUT;
        }
        if (log.contains("java.lang.OutOfMemoryError")) {
            return Outcome.OUT_OF_MEMORY;
        }
        return exitCode == 0 && wroteResult ? Outcome.DONE : Outcome.FAILED;
    }

    boolean done() {
        return outcome == Outcome.DONE;
    }

    boolean ours() {
        return contender.equals("ours");
    }

    /** "2^16" */
    String featuresLabel() {
        return Integer.bitCount(features) == 1
                ? "2^" + Integer.numberOfTrailingZeros(features)
                : Integer.toString(features);
    }

    /** Ours: seconds per epoch; MLlib: seconds per l-bfgs iteration (a pass over the training set). */
    double epochSeconds() {
        return number("epochSeconds");
    }

    double accuracy() {
        return number("accuracy");
    }

    double peakHeapBytes() {
        return number("peakHeapBytes");
    }

    double peakResidentBytes() {
        return number("peakResidentBytes");
    }

    double meanNonZeros() {
        return number("meanNonZeros");
    }

    /** Ours: seconds per epoch of the same recipe on dense rows of each row's non-zeros. */
    double denseEpochSeconds() {
        return number("denseEpochSeconds");
    }

    /** Ours: the executors' run time of the training tasks per epoch, sparse and on the dense rows. */
    double taskSeconds() {
        return number("taskSeconds");
    }

    double denseTaskSeconds() {
        return number("denseTaskSeconds");
    }

    /** Ours: the same recipe with lazy Adam (on the sparse rows): seconds per epoch, test accuracy, tasks' time. */
    double lazyEpochSeconds() {
        return number("lazyEpochSeconds");
    }

    double lazyAccuracy() {
        return number("lazyAccuracy");
    }

    double lazyTaskSeconds() {
        return number("lazyTaskSeconds");
    }

    /** The dense rows' width: the mean non-zeros per row, rounded. */
    int denseWidth() {
        return (int) number("denseWidth");
    }

    /** Ours: epochs of the timed fit; MLlib: l-bfgs iterations done. */
    int budgetDone() {
        return (int) number(ours() ? "epochs" : "iterations");
    }

    /** The storage kind our fit chose, or "dense" for MLlib, which stacks its rows into dense blocks. */
    String storage() {
        return ours() ? measured.getProperty("storage", "?") : "dense blocks";
    }

    /** What happened, when it is not a number: "out of memory after 34 s". */
    String failure() {
        return switch (outcome) {
            case DONE -> "";
            case OUT_OF_MEMORY -> String.format(Locale.ROOT, "out of memory after %.0f s", wallSeconds);
            case TIMED_OUT -> String.format(Locale.ROOT, "no result in %.0f s (stopped)", wallSeconds);
            case FAILED -> String.format(Locale.ROOT, "failed after %.0f s (see its log)", wallSeconds);
        };
    }

    static final String CSV_HEADER = "system,features,outcome,wall_seconds,epoch_seconds,test_accuracy,"
            + "peak_heap_bytes,peak_resident_bytes,mean_nonzeros,dense_epoch_seconds,task_seconds,dense_task_seconds,"
            + "lazy_epoch_seconds,lazy_test_accuracy,lazy_task_seconds";

    /** This result as a line under {@link #CSV_HEADER}; what was not measured is empty. */
    String csvLine() {
        return String.join(
                ",",
                contender,
                Integer.toString(features),
                outcome.name().toLowerCase(Locale.ROOT),
                String.format(Locale.ROOT, "%.3f", wallSeconds),
                csv(epochSeconds()),
                csv(accuracy()),
                csv(peakHeapBytes()),
                csv(peakResidentBytes()),
                csv(meanNonZeros()),
                csv(denseEpochSeconds()),
                csv(taskSeconds()),
                csv(denseTaskSeconds()),
                csv(lazyEpochSeconds()),
                csv(lazyAccuracy()),
                csv(lazyTaskSeconds()));
    }

    private static String csv(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    private double number(String key) {
        String value = measured.getProperty(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }
}
