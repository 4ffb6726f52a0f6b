package org.sparkmlp.bench.spark;

import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The accuracy curves as a CSV (system, seconds, iterations, accuracy) and as a PNG of accuracy against time. */
final class CurveFiles {
    /** The plot shows accuracies from here up: the race is decided above 0.8. */
    private static final double BOTTOM = 0.5;

    private CurveFiles() {}

    static void writeCsv(List<AccuracyCurve> curves, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("system,training_seconds,iterations,test_accuracy\n");
            for (AccuracyCurve curve : curves) {
                for (AccuracyCurve.Point p : curve.points()) {
                    out.write(String.format(
                            Locale.ROOT,
                            "\"%s\",%.3f,%d,%.4f%n",
                            curve.system(),
                            p.seconds(),
                            p.iterations(),
                            p.accuracy()));
                }
            }
        }
    }

    static void writePng(List<AccuracyCurve> curves, double[] targets, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title("Fashion-MNIST 784-256-128-10, local[2]: test accuracy against training time")
                .xAxisTitle("training wall time (s, log scale)")
                .yAxisTitle("test accuracy")
                .build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(BOTTOM).setYAxisMax(0.92);
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE).setChartBackgroundColor(Color.WHITE);
        double left = Double.MAX_VALUE;
        double right = 1;
        for (AccuracyCurve curve : curves) {
            List<AccuracyCurve.Point> timed =
                    curve.points().stream().filter(p -> p.seconds() > 0).toList();
            if (timed.isEmpty()) {
                continue;
            }
            boolean allBelow = timed.stream().allMatch(p -> p.accuracy() < BOTTOM);
            XYSeries series = chart.addSeries(
                    curve.system() + (allBelow ? " (all below " + BOTTOM + ")" : ""),
                    timed.stream().mapToDouble(AccuracyCurve.Point::seconds).toArray(),
                    timed.stream().mapToDouble(AccuracyCurve.Point::accuracy).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
            left = Math.min(left, timed.get(0).seconds());
            right = Math.max(right, timed.get(timed.size() - 1).seconds());
        }
        left = left == Double.MAX_VALUE ? 0.1 : left / 1.5;
        for (double target : targets) {
            XYSeries line = chart.addSeries(
                    String.format(Locale.ROOT, "%.2f", target), new double[] {left, right}, new double[] {target, target
                    });
            line.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY).setShowInLegend(false);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
