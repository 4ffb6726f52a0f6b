package org.sparkmlp.job.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.job.Script;

/**
 * A user's path to serving a model elsewhere: {@code deploy/mlp train} on the bundled sample, {@code mlp export},
 * the file loaded in ONNX Runtime, and its outputs compared with {@code mlp predict}'s CSV for the same rows.
 */
class ExportThroughDeployMlpIT {
    static final String SAMPLE = "data/fashion-mnist-sample/";

    @TempDir
    Path dir;

    private static Script.Result mlp(String... args) throws Exception {
        return Script.start(Map.of(), "deploy/mlp", List.of(args)).finish(Duration.ofMinutes(10));
    }

    @Test
    void anExportedModelAgreesWithMlpPredictInOnnxRuntime() throws Exception {
        String model = dir.resolve("model").toString();
        String test = SAMPLE + "t10k-images-idx3-ubyte.gz";
        Script.Result train = mlp(
                "train",
                "--train",
                SAMPLE + "train-images-idx3-ubyte.gz",
                "--layers",
                "784-64-10",
                "--activation",
                "relu",
                "--standardize",
                "--optimizer",
                "momentum",
                "--lr",
                "0.01",
                "--epochs",
                "2",
                "--model",
                model);
        assertEquals(0, train.exitCode(), train.describe());

        Path onnx = dir.resolve("fashion.onnx");
        Script.Result export = mlp("export", "--model", model, "--onnx", onnx.toString());
        assertEquals(0, export.exitCode(), export.describe());
        assertTrue(export.out().contains("written to " + onnx), export.out());

        Path predictions = dir.resolve("predictions");
        Script.Result predict = mlp("predict", "--model", model, "--data", test, "--out", predictions.toString());
        assertEquals(0, predict.exitCode(), predict.describe());

        DenseDataset rows =
                IdxReader.read(Script.ROOT.resolve(test), IdxReader.labelsBeside(Script.ROOT.resolve(test)));
        int n = rows.size();
        int classes = 10;
        double[] probability = new double[n * classes];
        int[] prediction = new int[n];
        int read = 0;
        try (Stream<Path> parts = Files.list(predictions)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                List<String> lines = Files.readAllLines(part);
                for (String line : lines.subList(1, lines.size())) { // after the header
                    String[] fields = line.split(",");
                    int row = Integer.parseInt(fields[0]);
                    prediction[row] = Integer.parseInt(fields[1]);
                    for (int k = 0; k < classes; k++) {
                        probability[row * classes + k] = Double.parseDouble(fields[2 + k]);
                    }
                    read++;
                }
            }
        }
        assertEquals(n, read, "rows in mlp predict's output");
        OnnxRuntimeCheck.assertAgrees(
                OnnxRuntimeCheck.run(Files.readAllBytes(onnx), rows.features(), n, rows.numFeatures()),
                probability,
                prediction);

        // a second export to the same path keeps the file unless --overwrite
        long size = Files.size(onnx);
        Files.writeString(onnx, "someone's file");
        Script.Result taken = mlp("export", "--model", model, "--onnx", onnx.toString());
        assertEquals(3, taken.exitCode(), taken.describe());
        assertTrue(
                taken.err().lines().anyMatch(line -> line.startsWith("mlp: the ONNX path " + onnx + " already exists")),
                taken.err());
        assertEquals("someone's file", Files.readString(onnx));
        assertEquals(
                0,
                mlp("export", "--model", model, "--onnx", onnx.toString(), "--overwrite")
                        .exitCode());
        assertEquals(size, Files.size(onnx));
    }

    @Test
    void aMissingModelIsBadInput() throws Exception {
        Script.Result missing = mlp(
                "export",
                "--model",
                dir.resolve("no-model").toString(),
                "--onnx",
                dir.resolve("x.onnx").toString());
        assertEquals(3, missing.exitCode(), missing.describe());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }
}
