package org.sparkmlp.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;

/**
 * Runs the example as a user would, in a plain SparkSession of its own (Spark's default Java serializer, not
 * the job's Kryo settings), on the Fashion-MNIST sample bundled in data/.
 */
class FashionPipelineExampleTest {
    static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    static final String[] GARMENTS = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };

    @TempDir
    Path dir;

    @Test
    void tunesSavesLoadsAndEvaluatesAPipeline() throws Exception {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        SparkSession spark = SparkSession.builder().appName("example data").getOrCreate();
        Path train = dir.resolve("train.parquet");
        Path test = dir.resolve("test.parquet");
        write(spark, SAMPLE.resolve("train-images-idx3-ubyte.gz"), 3000, train);
        write(spark, SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), 1000, test);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            FashionPipelineExample.main(new String[] {
                train.toString(), test.toString(), dir.resolve("model").toString()
            });
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        stdout.print(out);
        assertTrue(out.contains("cross-validated accuracy per learning rate"), out);
        Matcher accuracy = Pattern.compile("test accuracy of the saved pipeline: (\\d\\.\\d+)")
                .matcher(out);
        assertTrue(accuracy.find(), out);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.7, out);
        assertTrue(Files.isDirectory(dir.resolve("model").resolve("stages")), "a Spark ML pipeline directory");
    }

    /** pixels (vector), brightness (mean pixel), garment (the class's name): the first {@code rows} images. */
    private static void write(SparkSession spark, Path images, int rows, Path to) throws IOException {
        DenseDataset data =
                IdxReader.read(images, IdxReader.labelsBeside(images)).head(rows);
        int d = data.numFeatures();
        List<Row> list = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            double[] x = Arrays.copyOfRange(data.features(), r * d, (r + 1) * d);
            list.add(RowFactory.create(
                    Vectors.dense(x), Arrays.stream(x).average().orElse(0), GARMENTS[data.labels()[r]]));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("pixels", new VectorUDT(), false, Metadata.empty()),
            new StructField("brightness", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("garment", DataTypes.StringType, false, Metadata.empty())
        });
        spark.createDataFrame(list, schema).repartition(1).write().parquet(to.toString());
    }
}
