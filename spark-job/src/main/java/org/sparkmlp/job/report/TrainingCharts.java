package org.sparkmlp.job.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.job.model.AtomicFile;
import org.sparkmlp.job.model.EpochMetrics;

/**
 * The pictures of a training run, drawn from its epoch metrics and written as PNG files into a directory on any
 * Hadoop filesystem: {@value #LEARNING_CURVE} and, when the run had a validation set,
 * {@value #CONFUSION_MATRIX} of the last epoch.
 */
public final class TrainingCharts {
    public static final String LEARNING_CURVE = "learning-curve.png";
    public static final String CONFUSION_MATRIX = "confusion-matrix.png";

    private TrainingCharts() {}

    /**
     * Writes the charts of {@code epochs} (one per epoch, in order) into {@code directory}; nothing without epochs.
     *
     * @return the files written
     */
    public static List<Path> draw(List<EpochMetrics> epochs, Path directory, Configuration conf) throws IOException {
        if (epochs.isEmpty()) {
            return List.of();
        }
        Path curve = new Path(directory, LEARNING_CURVE);
        writePng(LearningCurveChart.render(epochs), curve, conf);
        EpochMetrics last = epochs.get(epochs.size() - 1);
        if (last.confusion() == null) {
            return List.of(curve);
        }
        Path confusion = new Path(directory, CONFUSION_MATRIX);
        writePng(
                ConfusionMatrixChart.render(
                        last.confusion(),
                        String.format(
                                java.util.Locale.ROOT,
                                "Validation after epoch %d: accuracy %.4f",
                                last.epoch(),
                                last.validationAccuracy())),
                confusion,
                conf);
        return List.of(curve, confusion);
    }

    /** Writes {@code image} as a PNG file, whole or not at all. */
    public static void writePng(BufferedImage image, Path file, Configuration conf) throws IOException {
        AtomicFile.write(file, conf, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }
}
