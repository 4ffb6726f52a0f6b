package org.sparkmlp.job.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.sparkmlp.job.model.EpochMetrics;

/**
 * The learning curve of a training run as one picture of four panels: training and validation cost, and
 * validation accuracy (RMSE for regression), against the epoch (top) and against the training wall time (bottom).
 */
public final class LearningCurveChart {
    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 380;

    private LearningCurveChart() {}

    /** @param epochs the metrics of the run's epochs, in order; at least one */
    public static BufferedImage render(List<EpochMetrics> epochs) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        Headless.ensure();
        List<EpochMetrics> validated =
                epochs.stream().filter(EpochMetrics::validated).toList();
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            draw(g, 0, 0, costPanel("Cost by epoch", "epoch", epochs, validated, l -> l.epoch()));
            // a regression run's validation metric is its RMSE, in the targets' units
            boolean rmse = validated.stream().anyMatch(m -> !Double.isNaN(m.validationRmse()));
            String metric = rmse ? "RMSE" : "accuracy";
            ToDoubleFunction<EpochMetrics> value =
                    rmse ? EpochMetrics::validationRmse : EpochMetrics::validationAccuracy;
            draw(
                    g,
                    1,
                    0,
                    metricPanel(
                            "Validation " + metric + " by epoch", "epoch", metric, validated, l -> l.epoch(), value));
            draw(
                    g,
                    0,
                    1,
                    costPanel("Cost by training time", "seconds", epochs, validated, EpochMetrics::elapsedSeconds));
            draw(
                    g,
                    1,
                    1,
                    metricPanel(
                            "Validation " + metric + " by training time",
                            "seconds",
                            metric,
                            validated,
                            EpochMetrics::elapsedSeconds,
                            value));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static XYChart costPanel(
            String title,
            String x,
            List<EpochMetrics> epochs,
            List<EpochMetrics> validated,
            ToDoubleFunction<EpochMetrics> xOf) {
        XYChart chart = panel(title, x, "mean cost");
        chart.addSeries("training", values(epochs, xOf), values(epochs, EpochMetrics::trainLoss));
        if (!validated.isEmpty()) {
            chart.addSeries("validation", values(validated, xOf), values(validated, EpochMetrics::validationLoss));
        }
        return chart;
    }

    private static XYChart metricPanel(
            String title,
            String x,
            String metric,
            List<EpochMetrics> validated,
            ToDoubleFunction<EpochMetrics> xOf,
            ToDoubleFunction<EpochMetrics> value) {
        XYChart chart = panel(title, x, metric);
        if (validated.isEmpty()) {
            chart.setTitle(title + " (no validation set)");
            chart.addSeries("validation", new double[] {0}, new double[] {0}).setEnabled(false);
        } else {
            chart.addSeries("validation", values(validated, xOf), values(validated, value));
        }
        return chart;
    }

    private static XYChart panel(String title, String x, String y) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static double[] values(List<EpochMetrics> lines, ToDoubleFunction<EpochMetrics> value) {
        return lines.stream().mapToDouble(value).toArray();
    }

    private static void draw(Graphics2D g, int column, int row, XYChart chart) {
        g.drawImage(BitmapEncoder.getBufferedImage(chart), column * PANEL_WIDTH, row * PANEL_HEIGHT, null);
    }
}
