package org.sparkmlp.job.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.job.cli.InProcessMlp;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * Training, checkpoints, the model, evaluation and prediction with every path on HDFS (a MiniDFSCluster in this
 * JVM), through the command line with Spark in local[2]. The same 2,000 sample images are stored as IDX, LIBSVM
 * and Parquet.
 */
@Tag("hdfs")
class HdfsTrainingIT {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";
    /** For writing the Parquet copy (rows and ML vectors cross Spark's Kryo); the job needs none of them. */
    private static final SparkConf PARQUET_CLASSES = new SparkConf()
            .set(
                    "spark.kryo.classesToRegister",
                    "org.apache.spark.sql.catalyst.expressions.GenericRow,org.apache.spark.ml.linalg.DenseVector,"
                            + "org.apache.spark.ml.linalg.SparseVector,[Ljava.lang.Object;");

    private static MiniHdfs hdfs;
    private static SparkSession spark;

    @BeforeAll
    static void storeTheSampleOnHdfs() throws IOException {
        hdfs = MiniHdfs.start("HdfsTrainingIT");
        spark = LocalSpark.start("HdfsTrainingIT", PARQUET_CLASSES);
        FileSystem fs = hdfs.fs();
        for (String file : new String[] {IMAGES, LABELS}) {
            try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/data/idx/" + file))) {
                Files.copy(SAMPLE.resolve(file), out);
            }
        }
        DenseDataset data = IdxReader.read(SAMPLE.resolve(IMAGES), SAMPLE.resolve(LABELS));
        int d = data.numFeatures();
        StringBuilder libsvm = new StringBuilder();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            double[] x = Arrays.copyOfRange(data.features(), r * d, (r + 1) * d);
            libsvm.append(data.labels()[r]);
            for (int i = 0; i < d; i++) {
                if (x[i] != 0) {
                    libsvm.append(' ').append(i + 1).append(':').append(x[i]);
                }
            }
            libsvm.append('\n');
            rows.add(RowFactory.create(data.labels()[r], Vectors.dense(x)));
        }
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/data/t10k.libsvm"))) {
            out.write(libsvm.toString().getBytes(StandardCharsets.UTF_8));
        }
        StructType schema = new StructType().add("label", DataTypes.IntegerType).add("features", new VectorUDT());
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(hdfs.uri("/data/t10k.parquet"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
        hdfs.close();
    }

    private static InProcessMlp.Result train(String data, String model, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--partitions",
                "2",
                "--train",
                data,
                "--test",
                hdfs.uri("/data/idx/" + IMAGES),
                "--layers",
                "784-16-10",
                "--activation",
                "relu",
                "--optimizer",
                "momentum",
                "--lr",
                "0.05",
                "--batch",
                "100",
                "--epochs",
                "2",
                "--model",
                model));
        args.addAll(List.of(more));
        InProcessMlp.Result result = InProcessMlp.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        return result;
    }

    @Test
    void idxLibsvmAndParquetOnHdfsTrainTheSameModelWithCheckpointsAndModelOnHdfs() throws IOException {
        Configuration conf = hdfs.fs().getConf();
        MlpModel idx = null;
        for (String format : new String[] {"idx", "libsvm", "parquet"}) {
            String data = format.equals("idx") ? hdfs.uri("/data/idx/" + IMAGES) : hdfs.uri("/data/t10k." + format);
            String model = hdfs.uri("/models/" + format);
            InProcessMlp.Result run = train(data, model, "--checkpoint-dir", hdfs.uri("/checkpoints/" + format));
            assertTrue(run.out().contains("2000 rows × 784 features"), run.out());
            assertTrue(run.out().contains("model written to " + model), run.out());

            FileStatus[] checkpoints = hdfs.fs().listStatus(new org.apache.hadoop.fs.Path("/checkpoints/" + format));
            assertEquals(
                    List.of("checkpoint-000000000020.ckpt", "checkpoint-000000000040.ckpt"),
                    Arrays.stream(checkpoints)
                            .map(s -> s.getPath().getName())
                            .sorted()
                            .toList());
            MlpModel trained = ModelDirectory.read(model, conf);
            if (idx == null) {
                idx = trained;
            } else {
                assertArrayEquals(
                        idx.parameters(),
                        trained.parameters(),
                        format + " holds the same rows in the same order as IDX: the same weights, bit for bit");
            }
        }

        JsonNode lastEpoch = new ObjectMapper()
                .readTree(lines(hdfs.fs(), "/models/idx/" + ModelDirectory.METRICS_FILE)
                        .get(1));
        InProcessMlp.Result evaluate = InProcessMlp.run(
                "evaluate",
                "--master",
                "local[2]",
                "--model",
                hdfs.uri("/models/idx"),
                "--data",
                hdfs.uri("/data/t10k.parquet"),
                "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode evaluation = new ObjectMapper().readTree(evaluate.out());
        assertEquals(2000, evaluation.get("count").asLong());
        assertEquals(
                lastEpoch.get("validationAccuracy").asDouble(),
                evaluation.get("accuracy").asDouble(),
                1e-15);

        String predictions = hdfs.uri("/predictions");
        InProcessMlp.Result predict = InProcessMlp.run(
                "predict",
                "--master",
                "local[2]",
                "--model",
                hdfs.uri("/models/libsvm"),
                "--data",
                hdfs.uri("/data/t10k.libsvm"),
                "--out",
                predictions);
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(hdfs.fs().exists(new org.apache.hadoop.fs.Path("/predictions/_SUCCESS")));
        long rows = 0;
        for (FileStatus part : hdfs.fs().listStatus(new org.apache.hadoop.fs.Path("/predictions"))) {
            if (part.getPath().getName().endsWith(".csv")) {
                rows += lines(hdfs.fs(), part.getPath().toUri().getPath()).stream()
                        .filter(l -> !l.startsWith("row,"))
                        .count();
            }
        }
        assertEquals(2000, rows);
    }

    @Test
    void resumingFromHdfsCheckpointsGivesTheModelOfAnUninterruptedRun() throws IOException {
        String data = hdfs.uri("/data/idx/" + IMAGES);
        String checkpoints = hdfs.uri("/resume/checkpoints");
        train(data, hdfs.uri("/resume/whole"), "--optimizer", "adam", "--lr", "0.002");
        // the first run stops after 27 of 40 iterations, as if it had crashed there
        train(
                data,
                hdfs.uri("/resume/part"),
                "--optimizer",
                "adam",
                "--lr",
                "0.002",
                "--checkpoint-dir",
                checkpoints,
                "--checkpoint-every",
                "9",
                "--max-iterations",
                "27");
        InProcessMlp.Result resumed = train(
                data,
                hdfs.uri("/resume/part"),
                "--optimizer",
                "adam",
                "--lr",
                "0.002",
                "--checkpoint-dir",
                checkpoints,
                "--resume",
                "--overwrite");
        assertTrue(resumed.out().contains("resuming from the checkpoint after iteration 27"), resumed.out());

        Configuration conf = hdfs.fs().getConf();
        assertArrayEquals(
                ModelDirectory.read(hdfs.uri("/resume/whole"), conf).parameters(),
                ModelDirectory.read(hdfs.uri("/resume/part"), conf).parameters());
        assertEquals(
                List.of("part", "whole"),
                Arrays.stream(hdfs.fs().listStatus(new org.apache.hadoop.fs.Path("/resume")))
                        .map(s -> s.getPath().getName())
                        .filter(n -> !n.equals("checkpoints"))
                        .sorted()
                        .toList(),
                "--overwrite on HDFS leaves neither the staging nor the replaced directory behind");
    }

    private static List<String> lines(FileSystem fs, String path) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
