package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every invalid option value of every subcommand, and of the job file, is a usage error: exit 2, one line naming
 * the option and what it accepts, before Spark starts.
 */
class OptionValidationTest {
    private static final String TRAIN = "train --train d/x.csv --model m --layers 784-10";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                TRAIN + " --layers 784|--layers must be two or more positive layer sizes from input to output, such as "
                        + "784-256-10, got '784'",
                TRAIN + " --layers 784-abc-10|--layers must be two or more positive layer sizes",
                TRAIN + " --layers 784-0-10|--layers must be two or more positive layer sizes",
                TRAIN + " --layers 784--10|--layers must be two or more positive layer sizes",
                TRAIN
                        + " --activation softmax|--activation must be one of sigmoid, tanh, relu, identity, got 'softmax'",
                TRAIN + " --activation swish|--activation must be one of sigmoid, tanh, relu, identity, got 'swish'",
                TRAIN + " --output swish|--output must be one of softmax, sigmoid, tanh, relu, identity, got 'swish'",
                TRAIN + " --output tanh|--output must be softmax or sigmoid with the cross-entropy loss, got 'tanh'",
                TRAIN + " --loss hinge|--loss must be cross-entropy or quadratic, got 'hinge'",
                TRAIN
                        + " --optimizer rmsprop|--optimizer must be one of sgd, momentum, nesterov, adam, lazy-adam, got 'rmsprop'",
                TRAIN + " --lr -1|--lr must be a positive finite number, got -1.0",
                TRAIN + " --lr 0|--lr must be a positive finite number, got 0.0",
                TRAIN + " --lr NaN|--lr must be a positive finite number, got NaN",
                TRAIN + " --lr Infinity|--lr must be a positive finite number, got Infinity",
                TRAIN + " --lr fast|Invalid value for option '--lr': 'fast' is not a double",
                TRAIN + " --momentum 1|--momentum must be in [0, 1), got 1.0",
                TRAIN + " --momentum -0.5|--momentum must be in [0, 1), got -0.5",
                TRAIN
                        + " --lr-schedule linear|--lr-schedule must be one of constant, step, exponential, cosine, got 'linear'",
                TRAIN + " --lr-decay 0|--lr-decay must be in (0, 1], got 0.0",
                TRAIN + " --lr-decay 1.5|--lr-decay must be in (0, 1], got 1.5",
                TRAIN + " --lr-step 0|--lr-step must be an integer ≥ 1, got 0",
                TRAIN + " --lr-min -1|--lr-min must be a finite number ≥ 0, at most the learning rate, got -1.0",
                TRAIN
                        + " --lr-schedule cosine --lr-min 0.5|--lr-min must be in [0, 0.1], at most the learning rate, got 0.5",
                TRAIN + " --weight-decay -0.1|--weight-decay must be a finite number ≥ 0, got -0.1",
                TRAIN + " --weight-decay Infinity|--weight-decay must be a finite number ≥ 0, got Infinity",
                TRAIN + " --clip-norm 0|--clip-norm must be a positive finite number, got 0.0",
                TRAIN + " --clip-norm NaN|--clip-norm must be a positive finite number, got NaN",
                TRAIN + " --batch 0|--batch must be an integer ≥ 1, got 0",
                TRAIN + " --storage int8|--storage must be one of auto, float64, float32, uint8, sparse, got 'int8'",
                TRAIN + " --storage uint8 --standardize|--storage uint8 cannot be used with --standardize: "
                        + "standardised features are not bytes (use float32 or float64)",
                TRAIN + " --batch -64|--batch must be an integer ≥ 1, got -64",
                TRAIN + " --batch 1.5|Invalid value for option '--batch': '1.5' is not an int",
                TRAIN + " --epochs 0|--epochs must be an integer ≥ 1, got 0",
                TRAIN + " --max-iterations -1|--max-iterations must be an integer ≥ 0, got -1",
                TRAIN + " --shuffle random|--shuffle must be none or epoch, got 'random'",
                TRAIN + " --seed one|Invalid value for option '--seed': 'one' is not a long",
                TRAIN + " --patience -1|--patience must be an integer ≥ 0, got -1",
                TRAIN + " --tree-depth 0|--tree-depth must be an integer ≥ 1, got 0",
                TRAIN + " --engine mpi|--engine must be one of jobs, barrier, got 'mpi'",
                TRAIN + " --precision double|--precision must be one of float64, float32, got 'double'",
                TRAIN + " --wire fp16|--wire must be one of float64, float32, got 'fp16'",
                TRAIN + " --checkpoint-every -1|--checkpoint-every must be an integer ≥ 0, got -1",
                TRAIN + " --partitions -1|--partitions must be an integer ≥ 0 (0: Spark's default parallelism), got -1",
                TRAIN + " --resume|--resume needs --checkpoint-dir",
                TRAIN
                        + " --master local[two]|--master must be local, local[N], local[*], local[N,F], local-cluster[N,C,M], "
                        + "yarn or a URL such as spark://HOST:PORT or k8s://URL, got 'local[two]'",
                TRAIN + " --master spark:/host:7077|--master must be local",
                TRAIN + " --format xml|--format: unknown input format 'xml'; expected one of idx|libsvm|csv|parquet",
                TRAIN + " --progress fancy|Invalid value for option '--progress': expected one of [AUTO, BAR, LINES]",
                "train --train d/x.csv --model m|missing required option '--layers'",
                "evaluate --model m --data d/x.csv --partitions -1|--partitions must be an integer ≥ 0",
                "evaluate --model m --data d/x.csv --format xml|--format: unknown input format 'xml'",
                "predict --model m --data d/x.csv --out o --format json|--format: unknown input format 'json'",
                "evaluate --model m --data d/x.csv --master yarn-client|--master must be local",
                "evaluate --data d/x.csv|Missing required option: '--model=<model>'",
                "predict --model m --data d/x.csv --out o --partitions -2|--partitions must be an integer ≥ 0",
                "predict --model m --data d/x.csv|Missing required option: '--out=<outPath>'",
                "inspect --json|Missing required option: '--model=<model>'",
                "inspect --model m --plots=yes|Invalid value for option '--plots'",
            })
    void isAOneLineUsageErrorBeforeSparkStarts(String args, String message) {
        assertUsageError(args.split(" "), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "batch = 0|'batch' in job file JOB must be an integer ≥ 1, got 0",
                "layers = 784|'layers' in job file JOB must be two or more positive layer sizes",
                "lr = -1|'lr' in job file JOB must be a positive finite number, got -1.0",
                "partitions = -1|'partitions' in job file JOB must be an integer ≥ 0",
                "shuffle = random|'shuffle' in job file JOB must be none or epoch",
                "format = xml|'format' in job file JOB: unknown input format 'xml'",
                "master = local[two]|'master' in job file JOB must be local, local[N]",
                "epochs = many|Invalid value for option '--epochs': 'many' is not an int",
                "layer = 784-10|job file JOB: 'layer' is not an option of 'mlp train'",
            })
    void aJobFileValueIsNamedByItsKeyAndFile(String line, String message) throws IOException {
        Path job = dir.resolve("job.conf");
        Files.writeString(job, "train = d/x.csv\nmodel = m\nlayers = 784-10\n" + line + "\n");
        assertUsageError(new String[] {"train", "--conf", job.toString()}, message.replace("JOB", job.toString()));
    }

    @Test
    void theCommandLineWinsOverTheJobFileAndIsNamedAsTyped() throws IOException {
        Path job = dir.resolve("job.conf");
        Files.writeString(job, "train = d/x.csv\nmodel = m\nlayers = 784-10\nbatch = -1\n");
        assertUsageError(
                new String[] {"train", "--conf", job.toString(), "--batch", "0"},
                "mlp train: --batch must be an integer ≥ 1, got 0");
        assertUsageError(
                new String[] {"train", "--conf", job.toString(), "--batch", "32", "--epochs", "0"},
                "mlp train: --epochs must be an integer ≥ 1, got 0");
    }

    private static void assertUsageError(String[] args, String message) {
        InProcessMlp.Result result = InProcessMlp.run(args);
        assertEquals(MlpCommand.EXIT_USAGE, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(message), "expected '" + message + "' in: " + result.err());
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "Spark did not start");
    }
}
