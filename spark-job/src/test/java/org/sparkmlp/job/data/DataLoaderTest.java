package org.sparkmlp.job.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxFiles;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.job.spark.LocalSpark;

class DataLoaderTest {
    /** Surefire runs in the module directory; the sample lives at the repository root. */
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample/train-images-idx3-ubyte.gz");

    private static final int N = 7;
    private static final int D = 3;
    private static final int CLASSES = 4;
    /** Row r: ((3r + i) / 4 − 1 for i < 3), exact in binary and in text; one feature is 0 (absent in LIBSVM). */
    private static final double[][] X = new double[N][D];

    private static final int[] Y = new int[N];
    /** IDX rows: 2×2 images, pixel i of image r is (4r + i)·9. */
    private static final double[][] PIXELS = new double[N][4];

    static {
        for (int r = 0; r < N; r++) {
            for (int i = 0; i < D; i++) {
                X[r][i] = (3 * r + i) / 4.0 - 1;
            }
            for (int i = 0; i < 4; i++) {
                PIXELS[r][i] = (4 * r + i) * 9 / 255.0;
            }
            Y[r] = 3 * r % CLASSES;
        }
    }

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("DataLoaderTest", TEST_DATA_CLASSES);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    // ---- every format round-trips, in 1, 2 and 3 blocks ----

    /** Registered for the test's own sample data (rows parallelized to write Parquet); the loader needs none of them. */
    private static final SparkConf TEST_DATA_CLASSES = new SparkConf()
            .set(
                    "spark.kryo.classesToRegister",
                    "org.apache.spark.sql.catalyst.expressions.GenericRow,org.apache.spark.ml.linalg.DenseVector,"
                            + "org.apache.spark.ml.linalg.SparseVector,[Ljava.lang.Object;");

    @Test
    void idxPlainAndGzip() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            String suffix = gz ? ".gz" : "";
            Path images = write("x-images-idx3-ubyte" + suffix, idxImages(N, N * 4, gz));
            write("x-labels-idx1-ubyte" + suffix, idxLabels(Y, N, gz));
            for (int p = 1; p <= 3; p++) {
                LoadedData data = DataLoader.load(spark, DataSpec.labelled(images.toString()), p, 4, CLASSES);
                assertBlocks(data, p, PIXELS, Y);
                assertTrue(data.description().startsWith("IDX "), data.description());
                data.blocks().unpersist();
            }
        }
    }

    @Test
    void idxWithoutLabelsIsUnlabelledWhenLabelsAreNotRequired() throws IOException {
        Path images = write("x-images-idx3-ubyte", idxImages(N, N * 4, false));
        LoadedData data =
                DataLoader.load(spark, new DataSpec(images.toString(), null, null, null, null, false), 2, 4, CLASSES);
        assertFalse(data.labelled());
        assertBlocks(data, 2, PIXELS, null);

        BadInputException e = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(images.toString()), 2, 4, CLASSES));
        assertMessage(e, "x-labels-idx1-ubyte", "no such file");
    }

    @Test
    void idxBundledSampleEqualsTheSingleProcessRead() throws IOException {
        DenseDataset expected = IdxReader.read(SAMPLE, IdxReader.labelsBeside(SAMPLE));
        LoadedData data = DataLoader.load(spark, DataSpec.labelled(SAMPLE.toString()), 3, 784, 10);
        assertEquals(10_000, data.count());
        List<LabeledBlock> blocks = data.blocks().collect();
        assertEquals(3, blocks.size());
        double[] x = new double[10_000 * 784];
        int[] y = new int[10_000];
        for (LabeledBlock b : blocks) {
            int first = (int) b.rows()[0];
            b.features().copyRows(0, b.size(), x, first * 784);
            System.arraycopy(b.labels(), 0, y, first, b.size());
        }
        assertArrayEquals(expected.features(), x);
        assertArrayEquals(expected.labels(), y);
        data.blocks().unpersist();
    }

    @Test
    void libsvm() throws IOException {
        List<String> lines = new ArrayList<>(List.of("# a comment line, then a blank one", ""));
        for (int r = 0; r < N; r++) {
            StringBuilder line = new StringBuilder(r % 2 == 0 ? Integer.toString(Y[r]) : Y[r] + ".0");
            for (int i = 0; i < D; i++) {
                if (X[r][i] != 0) {
                    line.append(' ').append(i + 1).append(':').append(X[r][i]);
                }
            }
            lines.add(line.toString());
        }
        Path file = write("data.libsvm", lines);
        roundTrip(DataSpec.labelled(file.toString()), X, Y);
    }

    @Test
    void csvWithTheLabelAmongTheFeatures() throws IOException {
        List<String> lines = new ArrayList<>(List.of("f0,label,f1,f2"));
        for (int r = 0; r < N; r++) {
            lines.add(X[r][0] + "," + Y[r] + "," + X[r][1] + "," + X[r][2]);
        }
        roundTrip(DataSpec.labelled(write("data.csv", lines).toString()), X, Y);
    }

    @Test
    void parquetWithVectorsInSeveralFilesKeepsFileOrder() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < N; r++) {
            // Dense and sparse vectors; the sparse one leaves the zero out.
            rows.add(RowFactory.create(
                    Y[r], r % 2 == 0 ? Vectors.dense(X[r]) : Vectors.dense(X[r]).toSparse()));
        }
        StructType schema = new StructType().add("label", DataTypes.IntegerType).add("features", new VectorUDT());
        // Three files of 2, 2 and 3 rows: Spark reads the largest first, the loader must still number in file order.
        String path = dir.resolve("vectors").toString();
        spark.createDataFrame(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), schema)
                .write()
                .parquet(path);
        roundTrip(DataSpec.labelled(path), X, Y);
    }

    @Test
    void parquetWithDoubleAndFloatArrays() {
        for (DataType element : new DataType[] {DataTypes.DoubleType, DataTypes.FloatType}) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < N; r++) {
                List<Object> values = new ArrayList<>();
                for (double v : X[r]) {
                    values.add(element == DataTypes.FloatType ? (Object) (float) v : (Object) v);
                }
                rows.add(RowFactory.create((long) Y[r], values));
            }
            StructType schema =
                    new StructType().add("y", DataTypes.LongType).add("x", DataTypes.createArrayType(element));
            String path = dir.resolve(element.typeName() + ".parquet").toString();
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
            roundTrip(new DataSpec(path, null, InputFormat.PARQUET, "y", "x", true), X, Y);
        }
    }

    // ---- bad input: which file, which record, what is wrong ----

    @Test
    void csvBadRecords() throws IOException {
        assertCsvFails(
                "f0,label,f1\n1,2,3\n", "data.csv", "the header has 2 feature columns besides 'label', expected 3");
        assertCsvFails(
                "label,f0,f1,f2\n1,0,0,0\n0,0,0,0\n12,0,0,0\n",
                "data.csv, record 2 (line 4): label 12 is outside [0, 4)");
        assertCsvFails("label,f0,f1,f2\n1.5,0,0,0\n", "data.csv, record 0 (line 2): label 1.5 is not an integer");
        assertCsvFails("label,f0,f1,f2\n1,0,0,0\n1,0,NaN,0\n", "data.csv, record 1 (line 3): column 'f1' is NaN");
        assertCsvFails("label,f0,f1,f2\n1,0,0,-Infinity\n", "record 0 (line 2): column 'f2' is -Infinity");
        assertCsvFails("label,f0,f1,f2\n1,0,0,0\n1,0,,0\n", "data.csv, record 1 (line 3): column 'f1' is empty");
        assertCsvFails("label,f0,f1,f2\n1,0,abc,0\n", "record 0 (line 2): column 'f1' holds 'abc', not a number");
        assertCsvFails("label,f0,f1,f2\n1,0,0,0\n1,0,0\n", "data.csv, record 1 (line 3): malformed line", "1,0,0");
        assertCsvFails("label,f0,f1,f2\n1,0,0,0\n1,0,0,0,5\n", "record 1 (line 3): malformed line");
        assertCsvFails("label,f0,f1,f2\n", "data.csv: no records");
        assertCsvFails("", "data.csv: no records");
        assertCsvFails("f0,f1,f2\n0,0,0\n", "data.csv: the header has no label column 'label'");
    }

    @Test
    void libsvmBadRecords() throws IOException {
        String head = "# comment\n1 1:0.5 3:1\n\n";
        assertLibsvmFails(head + "2 1:1 4:2\n", "data.libsvm, record 1 (line 4): feature index 4 is outside [1, 3]");
        assertLibsvmFails(head + "3.5 1:1\n", "record 1 (line 4): label 3.5 is not an integer");
        assertLibsvmFails(head + "4 1:1\n", "record 1 (line 4): label 4 is outside [0, 4)");
        assertLibsvmFails(head + "1 2:1 1:1\n", "record 1 (line 4): feature index 1 follows 2");
        assertLibsvmFails(head + "1 2=1\n", "record 1 (line 4): '2=1' is not index:value");
        assertLibsvmFails(head + "one 1:1\n", "record 1 (line 4): label 'one' is not a number");
        assertLibsvmFails(head + "1 2:NaN\n", "record 1 (line 4): feature 2 is NaN");
        assertLibsvmFails("# nothing but a comment\n\n", "data.libsvm: no records");
    }

    @Test
    void parquetBadRecords() {
        StructType vectors =
                new StructType().add("label", DataTypes.IntegerType).add("features", new VectorUDT());
        assertParquetFails(
                vectors,
                List.of(RowFactory.create(1, Vectors.dense(1, 2, 3)), RowFactory.create(1, Vectors.dense(1, 2))),
                "record 1: 2 features, expected 3");
        assertParquetFails(
                vectors, List.of(RowFactory.create(7, Vectors.dense(1, 2, 3))), "record 0: label 7 is outside [0, 4)");
        assertParquetFails(
                vectors, List.of(RowFactory.create(null, Vectors.dense(1, 2, 3))), "record 0: label is missing");
        StructType arrays = new StructType()
                .add("label", DataTypes.DoubleType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
        assertParquetFails(
                arrays,
                List.of(RowFactory.create(1.0, List.of(1.0, Double.POSITIVE_INFINITY, 3.0))),
                "record 0: feature 1 is Infinity");
        assertParquetFails(
                arrays,
                List.of(RowFactory.create(2.5, List.of(1.0, 2.0, 3.0))),
                "record 0: label 2.5 is not an integer");
        StructType text = new StructType().add("label", DataTypes.IntegerType).add("features", DataTypes.StringType);
        assertParquetFails(
                text,
                List.of(RowFactory.create(1, "1 2 3")),
                "column 'features' is string; expected a vector or an array of double or float");
        StructType unnamed =
                new StructType().add("label", DataTypes.IntegerType).add("x", new VectorUDT());
        assertParquetFails(
                unnamed,
                List.of(RowFactory.create(1, Vectors.dense(1, 2, 3))),
                "no features column 'features' (columns: label, x)");
    }

    @Test
    void idxBadInput() throws IOException {
        Path images = write("x-images-idx3-ubyte", idxImages(N, N * 4, false));
        Path fewLabels = write("few-labels-idx1-ubyte", idxLabels(Arrays.copyOf(Y, N - 1), N - 1, false));
        BadInputException counts = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(
                        spark,
                        new DataSpec(images.toString(), fewLabels.toString(), null, null, null, true),
                        2,
                        4,
                        CLASSES));
        assertMessage(counts, "counts differ", images + " holds 7 images", fewLabels + " holds 6 labels");

        int[] badLabels = Y.clone();
        badLabels[5] = 9;
        write("x-labels-idx1-ubyte", idxLabels(badLabels, N, false));
        BadInputException label = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(images.toString()), 3, 4, CLASSES));
        assertMessage(label, dir.resolve("x-labels-idx1-ubyte") + ", record 5: label 9 is outside [0, 4)");

        // The header promises 7 images, the file holds 6½: the last block finds out.
        Path cut = write("cut-images-idx3-ubyte.gz", idxImages(N, N * 4 - 2, true));
        write("cut-labels-idx1-ubyte.gz", idxLabels(Y, N, true));
        BadInputException truncated = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(cut.toString()), 3, 4, CLASSES));
        assertMessage(truncated, cut.toString(), "truncated", "inside image 6 (0-based), after 2 of its 4 bytes");

        BadInputException features = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(images.toString()), 3, 784, CLASSES));
        assertMessage(features, images + ": its images have 4 pixels, expected 784 features");
    }

    @Test
    void missingFilesAndUnknownFormats() throws IOException {
        for (String name : new String[] {"nothing.csv", "nothing-images-idx3-ubyte.gz", "nothing/"}) {
            String path = dir.resolve(name).toString();
            BadInputException e = assertThrows(
                    BadInputException.class, () -> DataLoader.load(spark, DataSpec.labelled(path), 2, D, CLASSES));
            assertMessage(e, path, "no such file or directory");
        }
        Path text = write("data.txt", List.of("1 1:1"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(text.toString()), 2, D, CLASSES));
        assertMessage(e, text.toString(), "--format");
    }

    // ---- helpers ----

    private void roundTrip(DataSpec spec, double[][] x, int[] y) {
        for (int p = 1; p <= 3; p++) {
            try {
                LoadedData data = DataLoader.load(spark, spec, p, D, CLASSES);
                assertBlocks(data, p, x, y);
                data.blocks().unpersist();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Exactly p blocks, rows 0 … N − 1 in order across them, each with its features and label. */
    private static void assertBlocks(LoadedData data, int partitions, double[][] x, int[] y) {
        int d = x[0].length;
        assertEquals(x.length, data.count());
        assertEquals(d, data.numFeatures());
        assertEquals(partitions, data.blocks().getNumPartitions());
        List<LabeledBlock> blocks = data.blocks().collect();
        assertEquals(partitions, blocks.size());
        int next = 0;
        for (LabeledBlock b : blocks) {
            assertEquals(y != null, b.hasLabels());
            for (int r = 0; r < b.size(); r++, next++) {
                assertEquals(next, b.rows()[r], "row numbers run on across blocks");
                assertArrayEquals(
                        x[next], Arrays.copyOfRange(b.features().toDoubles(), r * d, (r + 1) * d), "row " + next);
                if (y != null) {
                    assertEquals(y[next], b.labels()[r], "label of row " + next);
                } else {
                    assertNull(b.labels());
                }
            }
        }
        assertEquals(x.length, next);
    }

    private void assertCsvFails(String content, String... reasons) throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), content);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(file.toString()), 2, D, CLASSES));
        assertMessage(e, reasons);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    private void assertLibsvmFails(String content, String... reasons) throws IOException {
        Path file = Files.writeString(dir.resolve("data.libsvm"), content);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> DataLoader.load(spark, DataSpec.labelled(file.toString()), 2, D, CLASSES));
        assertMessage(e, reasons);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    private void assertParquetFails(StructType schema, List<Row> rows, String... reasons) {
        String path = dir.resolve("bad-" + System.nanoTime() + ".parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        BadInputException e = assertThrows(
                BadInputException.class, () -> DataLoader.load(spark, DataSpec.labelled(path), 2, D, CLASSES));
        assertMessage(e, reasons);
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "no '" + part + "' in: " + e.getMessage());
        }
    }

    /** N images of 2×2 whose data is cut to {@code bytes} bytes. */
    private static byte[] idxImages(int count, int bytes, boolean gz) {
        byte[] pixels = new byte[bytes];
        for (int k = 0; k < bytes; k++) {
            pixels[k] = (byte) (int) Math.round(PIXELS[k / 4][k % 4] * 255);
        }
        byte[] file = IdxFiles.idx(IdxFiles.IMAGES_MAGIC, pixels, count, 2, 2);
        return gz ? IdxFiles.gzip(file) : file;
    }

    private static byte[] idxLabels(int[] labels, int count, boolean gz) {
        byte[] values = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = (byte) labels[i];
        }
        byte[] file = IdxFiles.idx(IdxFiles.LABELS_MAGIC, values, count);
        return gz ? IdxFiles.gzip(file) : file;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }
}
