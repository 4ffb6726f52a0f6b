package org.sparkmlp.job.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.job.cli.MlpCommand;
import org.sparkmlp.job.train.TrainingDefaults;
import org.sparkmlp.job.train.TrainingOption;
import org.sparkmlp.job.train.TrainingSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The estimators' Params are {@code mlp train}'s training options: the same names, defaults and checks; for
 * {@link MlpRegressor} the defaults of the command line's {@code --task regression}.
 */
class MlpClassifierParamsTest {
    /**
     * The options of {@code mlp train} that are not about how to train: paths, output, help; and every option of
     * scheduled training (its mixin), which writes model versions where the estimator returns a model.
     */
    private static final Set<String> CLI_ONLY = Set.of(
            "--conf",
            "--train",
            "--train-labels",
            "--test",
            "--test-labels",
            "--format",
            "--label-column",
            "--features-column",
            "--master",
            "--model",
            "--overwrite",
            "--progress",
            "--init-model",
            "--help",
            "--version");
    /** The Params of the estimator that the command line has as other options (columns) or not at all. */
    private static final Set<String> ESTIMATOR_ONLY = Set.of(
            "featuresCol",
            "labelCol",
            "predictionCol",
            "probabilityCol",
            "rawPredictionCol",
            "thresholds",
            "validationIndicatorCol");

    /** The command line's defaults that follow {@code --task}: the classifier's, then the regressor's. */
    private static final Map<String, List<String>> BY_TASK = Map.of(
            "--task", List.of("classification", "regression"),
            "--output", List.of(TrainingDefaults.OUTPUT, TrainingDefaults.REGRESSION_OUTPUT),
            "--loss", List.of(TrainingDefaults.LOSS, TrainingDefaults.REGRESSION_LOSS));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTrainingOptionOfTheCommandLineIsAParamWithTheSameDefault(boolean regressor) throws IOException {
        Params mlp = regressor ? new MlpRegressor() : new MlpClassifier();
        CommandSpec train =
                MlpCommand.newCommandLine().getSubcommands().get("train").getCommandSpec();
        List<OptionSpec> scheduling = train.mixins().get("schedule").options();
        assertTrue(scheduling.stream().anyMatch(o -> o.longestName().equals("--model-root")), "the scheduling mixin");
        List<String> checked = new ArrayList<>();
        for (OptionSpec option : train.options()) {
            String flag = option.longestName();
            if (CLI_ONLY.contains(flag)
                    || scheduling.stream().anyMatch(o -> o.longestName().equals(flag))) {
                continue;
            }
            TrainingOption training = TrainingOption.forCliName(flag)
                    .orElseThrow(() -> new AssertionError(
                            flag + " is neither a TrainingOption nor listed as an option of the command line only"));
            assertTrue(mlp.hasParam(training.paramName()), flag + " has no Param " + training.paramName());
            Param<Object> param = mlp.getParam(training.paramName());
            String expected = BY_TASK.containsKey(flag) ? BY_TASK.get(flag).get(regressor ? 1 : 0) : cliDefault(option);
            assertEquals(expected, estimatorDefault(mlp, param), flag + " and " + param.name());
            checked.add(flag);
        }
        assertEquals(
                TrainingOption.values().length,
                checked.size(),
                "every TrainingOption is on the command line: " + checked);

        Set<String> others = new TreeSet<>();
        for (Param<?> param : mlp.params()) {
            if (TrainingOption.forParamName(param.name()).isEmpty() && !ESTIMATOR_ONLY.contains(param.name())) {
                others.add(param.name());
            }
        }
        assertEquals(Set.of(), others, "Params that are no training option and not listed as the estimator's own");
    }

    /** The option's default as the spec reads it: a flag is false, an option without a default is unset. */
    private static String cliDefault(OptionSpec option) {
        if (option.arity().max() == 0) {
            return "false";
        }
        String value = option.defaultValue();
        if (value == null) {
            return option.longestName().equals("--checkpoint-dir") ? "" : "unset";
        }
        Class<?> type = option.type();
        if (type == double.class || type == Double.class) {
            return String.valueOf(Double.parseDouble(value));
        }
        return value;
    }

    private static String estimatorDefault(Params mlp, Param<Object> param) {
        return mlp.hasDefault(param) ? String.valueOf(mlp.getDefault(param).get()) : "unset";
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "task|\"clustering\"|task must be classification or regression, got 'clustering'",
                "task|\"regression\"|task regression is not this estimator's; MlpRegressor learns it",
                "layers|[784]|layers must be two or more positive layer sizes from input to output, such as 784-256-10",
                "layers|[784, 0, 10]|layers must be two or more positive layer sizes",
                "activation|\"softmax\"|activation must be one of sigmoid, tanh, relu, identity, got 'softmax'",
                "outputActivation|\"swish\"|outputActivation must be one of softmax, sigmoid, tanh, relu, identity",
                "loss|\"hinge\"|loss must be cross-entropy or quadratic, got 'hinge'",
                "optimizer|\"rmsprop\"|optimizer must be one of sgd, momentum, nesterov, adam, lazy-adam, got 'rmsprop'",
                "learningRate|-1.0|learningRate must be a positive finite number, got -1.0",
                "learningRate|\"NaN\"|learningRate must be a positive finite number, got NaN",
                "momentum|1.0|momentum must be in [0, 1), got 1.0",
                "lrSchedule|\"linear\"|lrSchedule must be one of constant, step, exponential, cosine, got 'linear'",
                "lrDecay|0.0|lrDecay must be in (0, 1], got 0.0",
                "lrStep|0|lrStep must be an integer ≥ 1, got 0",
                "lrMin|-1.0|lrMin must be a finite number ≥ 0, at most the learning rate, got -1.0",
                "weightDecay|-0.1|weightDecay must be a finite number ≥ 0, got -0.1",
                "clipNorm|0.0|clipNorm must be a positive finite number, got 0.0",
                "batchSize|0|batchSize must be an integer ≥ 1, got 0",
                "epochs|0|epochs must be an integer ≥ 1, got 0",
                "maxIterations|-1|maxIterations must be an integer ≥ 0, got -1",
                "shuffle|\"random\"|shuffle must be none or epoch, got 'random'",
                "patience|-1|patience must be an integer ≥ 0, got -1",
                "treeDepth|0|treeDepth must be an integer ≥ 1, got 0",
                "engine|\"mpi\"|engine must be one of jobs, barrier, got 'mpi'",
                "precision|\"half\"|precision must be one of float64, float32, got 'half'",
                "wire|\"float16\"|wire must be one of float64, float32, got 'float16'",
                "checkpointInterval|-1|checkpointInterval must be an integer ≥ 0, got -1",
                "numPartitions|-1|numPartitions must be an integer ≥ 0 (0: Spark's default parallelism), got -1",
            })
    void anInvalidValueIsRefusedWhenSetNamingTheParamAndItsRange(String name, String json, String message) {
        MlpClassifier mlp = new MlpClassifier();
        Param<Object> param = mlp.getParam(name);
        Object value = param.jsonDecode(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp.set(param, value));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void paramsThatDoNotCombineAreRefusedNamingThem() {
        IllegalArgumentException noLayers =
                assertThrows(IllegalArgumentException.class, () -> new MlpClassifier().trainingSpec());
        assertEquals("layers is required, e.g. 784-256-10", noLayers.getMessage());
        IllegalArgumentException cosine = assertThrows(
                IllegalArgumentException.class,
                () -> new MlpClassifier()
                        .setLayers(4, 3)
                        .setLrSchedule("cosine")
                        .setLrMin(0.5)
                        .trainingSpec());
        assertEquals("lrMin must be in [0, 0.1], at most the learning rate, got 0.5", cosine.getMessage());
        IllegalArgumentException resume = assertThrows(
                IllegalArgumentException.class,
                () -> new MlpClassifier().setLayers(4, 3).setResume(true).trainingSpec());
        assertEquals("resume needs checkpointDir", resume.getMessage());
        IllegalArgumentException output = assertThrows(
                IllegalArgumentException.class,
                () -> new MlpClassifier()
                        .setLayers(4, 3)
                        .setOutputActivation("identity")
                        .trainingSpec());
        assertEquals(
                "outputActivation must be softmax or sigmoid with the cross-entropy loss, got 'identity'",
                output.getMessage());
    }

    @Test
    void theSpecHoldsEveryParam() {
        TrainingSpec spec = new MlpClassifier()
                .setLayers(4, 5, 3)
                .setActivation("tanh")
                .setOutputActivation("sigmoid")
                .setLoss("quadratic")
                .setStandardize(true)
                .setOptimizer("nesterov")
                .setLearningRate(0.2)
                .setMomentum(0.5)
                .setLrSchedule("step")
                .setLrDecay(0.5)
                .setLrStep(7)
                .setWeightDecay(1e-4)
                .setClipNorm(2)
                .setBatchSize(10)
                .setEpochs(3)
                .setMaxIterations(11)
                .setShuffle("none")
                .setSeed(9)
                .setPatience(2)
                .setTreeDepth(2)
                .setCheckpointDir("ckpt")
                .setCheckpointInterval(4)
                .setResume(true)
                .setNumPartitions(3)
                .trainingSpec();
        assertEquals("4-5-3 tanh,sigmoid quadratic", spec.topology().toString());
        assertTrue(spec.standardize());
        assertEquals(
                "TrainingConfig[batchSize=10, epochs=3, shuffle=NONE, seed=9]",
                spec.config().toString());
        assertEquals(
                "TrainingLimits[maxIterations=11, checkpointEvery=4, patience=2, treeDepth=2]",
                spec.limits().toString());
        assertEquals(3, spec.partitions());
        assertEquals("ckpt", spec.checkpointDir());
        assertTrue(spec.resume());
        String optimizer = spec.optimizer(100).toString();
        for (String part : new String[] {
            "Nesterov[beta=0.5]", "StepDecay[initialRate=0.2, gamma=0.5, everyIterations=7]", "1.0E-4", "2.0"
        }) {
            assertTrue(optimizer.contains(part), optimizer);
        }
    }
}
