package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveFilesTest {
    @TempDir
    Path dir;

    private static List<AccuracyCurve> curves() {
        AccuracyCurve ours = new AccuracyCurve("spark-mlp adam μ=0.001, batch 128");
        ours.add(0, 0, 0.1);
        ours.add(1.5, 117, 0.8123);
        AccuracyCurve mllib = new AccuracyCurve("MLlib l-bfgs (default), block 128");
        mllib.add(12.25, 10, 0.6);
        return List.of(ours, mllib);
    }

    @Test
    void theCsvHasOneLinePerEvaluation() throws IOException {
        Path csv = dir.resolve("curves.csv");
        CurveFiles.writeCsv(curves(), csv);
        assertEquals(
                List.of(
                        "system,training_seconds,iterations,test_accuracy",
                        "\"spark-mlp adam μ=0.001, batch 128\",0.000,0,0.1000",
                        "\"spark-mlp adam μ=0.001, batch 128\",1.500,117,0.8123",
                        "\"MLlib l-bfgs (default), block 128\",12.250,10,0.6000"),
                Files.readAllLines(csv));
    }

    @Test
    void thePlotIsAPng() throws IOException {
        Path png = dir.resolve("curves.png");
        CurveFiles.writePng(curves(), SparkBenchmark.TARGETS, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image");
        assertEquals(900, image.getWidth());
    }
}
