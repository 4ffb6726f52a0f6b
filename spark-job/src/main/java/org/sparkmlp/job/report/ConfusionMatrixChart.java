package org.sparkmlp.job.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix as a heat map: true class down (class 0 on top), predicted class across, counts in the cells. */
public final class ConfusionMatrixChart {
    private ConfusionMatrixChart() {}

    /** @param confusion confusion[true class][predicted class] = number of examples */
    public static BufferedImage render(long[][] confusion, String title) {
        Headless.ensure();
        int classes = confusion.length;
        int side = Math.max(520, 56 * classes + 160);
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(side + 100)
                .height(side)
                .title(title)
                .xAxisTitle("predicted class")
                .yAxisTitle("true class")
                .build();
        chart.getStyler()
                .setShowValue(true)
                .setHeatMapValueDecimalPattern("#")
                .setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)})
                .setPlotContentSize(1)
                .setChartBackgroundColor(Color.WHITE)
                .setLegendVisible(false);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                // the heat map's rows grow upwards: true class t sits in row classes − 1 − t
                cells.add(new Number[] {p, classes - 1 - t, confusion[t][p]});
            }
        }
        chart.addSeries(
                "confusion",
                IntStream.range(0, classes).boxed().toList(),
                IntStream.range(0, classes).map(k -> classes - 1 - k).boxed().toList(),
                cells);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
