package org.sparkmlp.job.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.job.LeastSquares;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * Models saved by the build of 2026-12-01 (a 9-4-2 classifier of randhie's {@code idp}, a 9-4-1 regressor of its
 * {@code mdvis}, each with one Param set) still load, predict what they predicted then, and save again as the same
 * files: the saved format does not change under the code that writes and reads it.
 */
class SavedModelFormatTest {
    static final Path SAVED = Path.of("src", "test", "resources", "org", "sparkmlp", "job", "ml", "saved");
    static final Path RANDHIE = Path.of("..", "data", "randhie");
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("SavedModelFormatTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aSavedClassifierLoadsPredictsAsWhenSavedAndSavesTheSameFiles() throws IOException {
        Path saved = SAVED.resolve("classification");
        MlpClassificationModel model = MlpClassificationModel.load(saved.toString());
        assertEquals("mlpc_98c38b069b6a", model.uid());
        assertEquals("p", model.getProbabilityCol());
        List<String> predicted = new ArrayList<>();
        for (Row row : model.transform(firstTestRows("idp"))
                .select("rawPrediction", "p", "prediction")
                .collectAsList()) {
            predicted.add(row.get(0) + " " + row.get(1) + " " + row.getDouble(2));
        }
        assertEquals(Files.readAllLines(SAVED.resolve("classification-predictions.txt")), predicted);

        Path again = dir.resolve("again");
        model.write().save(again.toString());
        assertSameFiles(saved, again);
    }

    @Test
    void aSavedRegressorLoadsPredictsAsWhenSavedAndSavesTheSameFiles() throws IOException {
        Path saved = SAVED.resolve("regression");
        MlpRegressionModel model = MlpRegressionModel.load(saved.toString());
        assertEquals("mlpr_a9a0ad66bd09", model.uid());
        assertEquals("visits", model.getPredictionCol());
        List<String> predicted = new ArrayList<>();
        for (Row row : model.transform(firstTestRows("mdvis")).select("visits").collectAsList()) {
            predicted.add(Double.toString(row.getDouble(0)));
        }
        assertEquals(Files.readAllLines(SAVED.resolve("regression-predictions.txt")), predicted);

        Path again = dir.resolve("again");
        model.write().save(again.toString());
        assertSameFiles(saved, again);
    }

    /** The first five rows of randhie's test file, {@code label} the given column and the others the features. */
    private static Dataset<Row> firstTestRows(String label) throws IOException {
        LeastSquares.Split data = LeastSquares.read(RANDHIE.resolve("train.csv"), RANDHIE.resolve("test.csv"), label);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            rows.add(RowFactory.create(Vectors.dense(data.testX()[r])));
        }
        return spark.createDataFrame(rows, new StructType().add("features", new VectorUDT()));
    }

    /** The same model file to the byte, and the same metadata but for when and by which Spark it was written. */
    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        assertArrayEquals(
                Files.readAllBytes(expected.resolve(SavedNetwork.MODEL_FILE)),
                Files.readAllBytes(actual.resolve(SavedNetwork.MODEL_FILE)));
        assertEquals(metadata(expected), metadata(actual));
    }

    private static ObjectNode metadata(Path model) throws IOException {
        try (Stream<Path> files = Files.list(model.resolve("metadata"))) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow();
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Files.readString(part));
            json.remove(List.of("timestamp", "sparkVersion"));
            return json;
        }
    }
}
