package org.sparkmlp.job.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.CheckpointStore;
import org.sparkmlp.job.train.Engine;
import org.sparkmlp.job.train.TrainingLimits;
import org.sparkmlp.job.train.TrainingListener;
import org.sparkmlp.job.train.TrainingRun;

/**
 * A Spark ML estimator for a multilayer perceptron classifier, trained by the same distributed minibatch SGD as
 * {@code mlp train} ({@link TrainingRun}). Works in a {@code Pipeline} and under {@code CrossValidator}; saves and
 * loads with {@code write().save(path)} / {@link #load(String)}.
 *
 * <p>Input: a vector {@code featuresCol} and a numeric {@code labelCol} holding class indices 0 … K − 1, where K is
 * the last entry of {@link #layers()} and the first is the number of features. Rows are numbered in the
 * DataFrame's partition order, which fixes the minibatches; the data is read twice while it is packed, so a
 * non-deterministic input (e.g. unseeded sampling) should be cached first. With {@link #validationIndicatorCol()}
 * set, rows where it is true are not trained on but evaluated after every epoch.
 */
public final class MlpClassifier extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MlpClassifier.class);

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> outputActivation;
    private final Param<String> loss;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final DoubleParam momentum;
    private final IntParam batchSize;
    private final IntParam epochs;
    private final Param<String> shuffle;
    private final LongParam seed;
    private final BooleanParam standardize;
    private final IntParam numPartitions;
    private final Param<String> checkpointDir;
    private final LongParam checkpointInterval;
    private final Param<String> validationIndicatorCol;
    private final Param<String> engine;

    public MlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("mlpc"));
    }

    public MlpClassifier(String uid) {
        this(PendingUid.offer(uid), true);
    }

    private MlpClassifier(String uid, boolean offered) {
        this.uid = uid;
        PendingUid.clear();
        layers = new IntArrayParam(this, "layers", "layer sizes from input to output, e.g. [784, 256, 128, 10]");
        activation = choice("activation", "hidden layers' activation", "sigmoid", "tanh", "relu", "identity");
        outputActivation = choice("outputActivation", "output layer's activation", "softmax", "sigmoid");
        loss = choice("loss", "cost function", "cross-entropy", "quadratic");
        optimizer = choice("optimizer", "update rule", "sgd", "momentum", "nesterov", "adam");
        learningRate = new DoubleParam(this, "learningRate", "learning rate μ (> 0)", ParamValidators.gt(0));
        momentum = new DoubleParam(this, "momentum", "β of momentum and nesterov, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
        batchSize = new IntParam(this, "batchSize", "global minibatch size (> 0)", ParamValidators.gt(0));
        epochs = new IntParam(this, "epochs", "passes over the training data (> 0)", ParamValidators.gt(0));
        shuffle = choice("shuffle", "minibatch order: none (sequential) or epoch (a new seeded permutation each "
                + "epoch)", "epoch", "none");
        seed = new LongParam(this, "seed", "seed of the initial weights and of the shuffle");
        standardize = new BooleanParam(this, "standardize", "standardise features with the training data's "
                + "mean and standard deviation (stored in the model)");
        numPartitions = new IntParam(this, "numPartitions", "partitions of the packed training data; 0: Spark's "
                + "default parallelism", ParamValidators.gtEq(0));
        checkpointDir = new Param<>(this, "checkpointDir", "directory for training checkpoints (any Hadoop path); "
                + "empty: none");
        checkpointInterval = new LongParam(this, "checkpointInterval", "iterations between checkpoints; 0: one "
                + "per epoch", ParamValidators.gtEq(0));
        validationIndicatorCol = new Param<>(this, "validationIndicatorCol", "boolean column: true marks "
                + "validation rows, evaluated after every epoch instead of trained on; empty: none");
        engine = choice("engine", "how iterations run: a Spark job each (jobs) or a barrier stage per epoch "
                + "(barrier); the same weights either way", "jobs", "barrier");
        setDefault(activation, "sigmoid");
        setDefault(outputActivation, "softmax");
        setDefault(loss, "cross-entropy");
        setDefault(optimizer, "sgd");
        setDefault(learningRate, 0.1);
        setDefault(momentum, 0.9);
        setDefault(batchSize, 64);
        setDefault(epochs, 5);
        setDefault(shuffle, "epoch");
        setDefault(seed, 1L);
        setDefault(standardize, false);
        setDefault(numPartitions, 0);
        setDefault(checkpointDir, "");
        setDefault(checkpointInterval, 0L);
        setDefault(validationIndicatorCol, "");
        setDefault(engine, "jobs");
    }

    private Param<String> choice(String name, String doc, String... allowed) {
        return new Param<>(this, name, doc + ": " + String.join(", ", allowed), ParamValidators.inArray(allowed));
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.get();
        }
        return uid;
    }

    public IntArrayParam layers() {
        return layers;
    }

    public Param<String> activation() {
        return activation;
    }

    public Param<String> outputActivation() {
        return outputActivation;
    }

    public Param<String> loss() {
        return loss;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public DoubleParam momentum() {
        return momentum;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam epochs() {
        return epochs;
    }

    public Param<String> shuffle() {
        return shuffle;
    }

    public LongParam seed() {
        return seed;
    }

    public BooleanParam standardize() {
        return standardize;
    }

    public IntParam numPartitions() {
        return numPartitions;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public LongParam checkpointInterval() {
        return checkpointInterval;
    }

    public Param<String> validationIndicatorCol() {
        return validationIndicatorCol;
    }

    public Param<String> engine() {
        return engine;
    }

    public MlpClassifier setLayers(int... value) {
        return assign(layers, value);
    }

    public MlpClassifier setActivation(String value) {
        return assign(activation, value);
    }

    public MlpClassifier setOutputActivation(String value) {
        return assign(outputActivation, value);
    }

    public MlpClassifier setLoss(String value) {
        return assign(loss, value);
    }

    public MlpClassifier setOptimizer(String value) {
        return assign(optimizer, value);
    }

    public MlpClassifier setLearningRate(double value) {
        return assign(learningRate, value);
    }

    public MlpClassifier setMomentum(double value) {
        return assign(momentum, value);
    }

    public MlpClassifier setBatchSize(int value) {
        return assign(batchSize, value);
    }

    public MlpClassifier setEpochs(int value) {
        return assign(epochs, value);
    }

    public MlpClassifier setShuffle(String value) {
        return assign(shuffle, value);
    }

    public MlpClassifier setSeed(long value) {
        return assign(seed, value);
    }

    public MlpClassifier setStandardize(boolean value) {
        return assign(standardize, value);
    }

    public MlpClassifier setNumPartitions(int value) {
        return assign(numPartitions, value);
    }

    public MlpClassifier setCheckpointDir(String value) {
        return assign(checkpointDir, value);
    }

    public MlpClassifier setCheckpointInterval(long value) {
        return assign(checkpointInterval, value);
    }

    public MlpClassifier setValidationIndicatorCol(String value) {
        return assign(validationIndicatorCol, value);
    }

    public MlpClassifier setEngine(String value) {
        return assign(engine, value);
    }

    private <T> MlpClassifier assign(Param<T> param, T value) {
        set(param, value);
        return this;
    }

    @SuppressWarnings("unchecked")
    private <T> T value(Param<?> param) {
        return (T) $(param);
    }

    /** The network the params describe. */
    public Topology topology() {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("set the layers, e.g. setLayers(784, 256, 128, 10)");
        }
        int[] sizes = value(layers);
        return Topology.parse(Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-")),
                Activation.parse(value(activation)), Activation.parse(value(outputActivation)),
                Cost.parse(value(loss)));
    }

    @Override
    public MlpClassificationModel train(Dataset<?> dataset) {
        Topology topology = topology();
        TrainingConfig config = new TrainingConfig(value(batchSize), value(epochs), Shuffle.parse(value(shuffle)),
                value(seed));
        Optimizer opt = Optimizer.builder(UpdateRule.named(value(optimizer), value(momentum)),
                new LearningRateSchedule.Constant(value(learningRate))).build(topology.parameterCount());
        String indicator = value(validationIndicatorCol);
        Dataset<Row> rows = dataset.toDF();
        DataSpec columns = new DataSpec("DataFrame", null, null, getLabelCol(), getFeaturesCol(), true);
        SparkSession spark = rows.sparkSession();
        LoadedData train = null;
        LoadedData validation = null;
        try {
            train = DataLoader.fromFrame(indicator.isEmpty() ? rows : rows.filter(not(col(indicator))),
                    "the training rows", columns, value(numPartitions), topology.inputSize(), topology.outputSize());
            validation = indicator.isEmpty() ? null : DataLoader.fromFrame(rows.filter(col(indicator)),
                    "the validation rows", columns, value(numPartitions), topology.inputSize(), topology.outputSize());
            TrainingRun run = new TrainingRun(topology, config, opt,
                    new TrainingLimits(0, value(checkpointInterval), 0, 1), value(standardize),
                    Engine.valueOf(this.<String>value(engine).toUpperCase(Locale.ROOT)));
            TrainingRun.Data data = run.prepare(train, validation);
            train = data.train();
            validation = data.validation();
            String dir = value(checkpointDir);
            CheckpointStore checkpoints = dir.isEmpty() ? null
                    : new CheckpointStore(new Path(dir), spark.sparkContext().hadoopConfiguration());
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("trainingData", "DataFrame (MlpClassifier " + uid + ")");
            TrainingRun.Result result = run.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), data, null,
                    checkpoints, null, new EpochLog(), provenance);
            return new MlpClassificationModel(uid, result.model());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (train != null) {
                train.blocks().unpersist(false);
            }
            if (validation != null) {
                validation.blocks().unpersist(false);
            }
        }
    }

    @Override
    public MlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<MlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static MlpClassifier load(String path) {
        return read().load(path);
    }

    /** One log line per epoch, as Spark's own estimators log. */
    private final class EpochLog implements TrainingListener {
        @Override
        public void epochDone(EpochResult result, Evaluation validation) {
            LOG.info(String.format(Locale.ROOT, "MlpClassifier %s: %s", uid, result));
        }
    }
}
