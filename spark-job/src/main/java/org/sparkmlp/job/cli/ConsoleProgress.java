package org.sparkmlp.job.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.train.TrainingListener;

/**
 * What {@code mlp train} shows while it runs: one line per epoch, always, and on a terminal also a progress bar
 * per epoch (iterations done/total, mean training cost so far, samples/s, ETA), which disappears when the epoch's
 * line is printed.
 */
final class ConsoleProgress implements TrainingListener {
    /** When to draw bars. */
    enum Mode {
        AUTO,
        BAR,
        LINES;

        /** The stream to draw bars on (standard error), or null for none. */
        PrintStream bars() {
            boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
            return this == BAR || (this == AUTO && terminal) ? System.err : null;
        }
    }

    /** When a bar is drawn again. */
    enum Redraw {
        /** By the bar's own timer, every 250 ms: what a terminal needs. */
        TIMED,
        /** At every iteration, on the caller's thread: the same output whatever the timing. */
        EVERY_ITERATION
    }

    private static final int REDRAW_MILLIS = 250;

    private final PrintWriter lines;
    private final PrintStream bars;
    private final Redraw redraw;
    private final long started = System.nanoTime();
    private ProgressBar bar;

    /** @param bars where to draw progress bars, redrawn {@link Redraw#TIMED}, or null for epoch lines only */
    ConsoleProgress(PrintWriter lines, PrintStream bars) {
        this(lines, bars, Redraw.TIMED);
    }

    ConsoleProgress(PrintWriter lines, PrintStream bars, Redraw redraw) {
        this.lines = lines;
        this.bars = bars;
        this.redraw = redraw;
    }

    @Override
    public void resuming(String directory, OptionalLong iteration) {
        lines.println(
                iteration.isPresent()
                        ? "resuming from the checkpoint after iteration " + iteration.getAsLong()
                        : "no checkpoint in " + directory + " yet; starting from the beginning");
        lines.flush();
    }

    @Override
    public void epochStarted(int epoch, int epochs, long first, long last) {
        if (bars != null) {
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(last)
                    .startsFrom(first, Duration.ZERO)
                    .setUnit(" it", 1)
                    .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(bars))
                    .clearDisplayOnFinish();
            bar = (redraw == Redraw.TIMED
                            ? builder.setUpdateIntervalMillis(REDRAW_MILLIS)
                            // continuous: refresh() then draws even when the count has not moved since the last drawing
                            : builder.setUpdateIntervalMillis(Integer.MAX_VALUE).continuousUpdate())
                    .build();
        }
    }

    @Override
    public void iterationDone(long iteration, double meanLoss, long rows, double samplesPerSecond) {
        if (bar != null) {
            bar.stepTo(iteration);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f · %,.0f samples/s", meanLoss, samplesPerSecond));
            if (redraw == Redraw.EVERY_ITERATION) {
                bar.refresh();
            }
        }
    }

    @Override
    public void epochDone(EpochResult result, Evaluation validation) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        lines.printf(Locale.ROOT, "%s  elapsed %.1f s%n", result, (System.nanoTime() - started) / 1e9);
        lines.flush();
    }
}
