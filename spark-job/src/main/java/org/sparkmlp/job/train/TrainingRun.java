package org.sparkmlp.job.train;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.data.Standardization;
import org.sparkmlp.job.model.Checkpoint;
import org.sparkmlp.job.model.CheckpointStore;
import org.sparkmlp.job.model.MlpModel;

/**
 * One training run from loaded data to a trained {@link MlpModel}: feature scaling fitted on the training data,
 * initial weights drawn from the RNG seed, checkpoints and resume, the {@link SparkTrainer}, and the model's training
 * metadata. The one implementation behind {@code mlp train} and the Spark ML {@code MlpClassifier} and
 * {@code MlpRegressor}.
 */
public final class TrainingRun {
    private final TrainingSpec spec;

    public TrainingRun(TrainingSpec spec) {
        this.spec = spec;
    }

    /**
     * The training and validation data scaled as the model will scale its input (and, for regression with
     * standardisation, its targets: {@code targetScaling}, else {@code none()}).
     */
    public record Data(LoadedData train, LoadedData validation, FeatureScaling scaling, FeatureScaling targetScaling) {}

    /** The trained model, and how training went. */
    public record Result(MlpModel model, TrainingOutcome outcome, double seconds) {}

    /**
     * {@code data} to be loaded in the spec's storage kind, auto storing dense features as float32 when the network
     * computes in FP32 (which rounds them to float anyway). Data to be standardised is loaded as auto decides for
     * FP64 (exact) and stored in the spec's kind once scaled ({@link #prepare}); its labels are read as the spec's
     * task requires.
     */
    public DataSpec loading(DataSpec data) {
        DataSpec kind = spec.standardize()
                ? data.withStorage(null)
                : data.withStorage(spec.storage()).withAutoDense(autoDense());
        return kind.withTask(spec.task());
    }

    /** What auto stores dense features as: what the network computes in. */
    private FeatureStorage autoDense() {
        return spec.precision() == Precision.FLOAT32 ? FeatureStorage.FLOAT32 : FeatureStorage.FLOAT64;
    }

    /**
     * Fits the feature scaling (without centring for sparse storage), and for regression the target scaling, on
     * {@code train} (if asked to) and applies them to both sets, storing them in the spec's kind, else (auto) sparse
     * for sparse data and dense in what the network computes in.
     */
    public Data prepare(LoadedData train, LoadedData validation) {
        boolean sparse = train.storage() == FeatureStorage.SPARSE;
        // sparse data is scaled without centring, which would fill in its zeros
        FeatureScaling scaling =
                spec.standardize() ? Standardization.fit(train.blocks(), !sparse) : FeatureScaling.none();
        FeatureScaling targetScaling = spec.standardize() && spec.task() == Task.REGRESSION
                ? Standardization.fitTargets(train.blocks())
                : FeatureScaling.none();
        FeatureStorage scaled = spec.storage() != null ? spec.storage() : sparse ? FeatureStorage.SPARSE : autoDense();
        return new Data(
                train.scaled(scaling, targetScaling, scaled),
                validation == null ? null : validation.scaled(scaling, targetScaling, scaled),
                scaling,
                targetScaling);
    }

    /**
     * Trains on prepared data, writing checkpoints to the spec's checkpoint directory (if any) and, if the spec
     * says to resume, continuing from the newest checkpoint there.
     *
     * @param initial  the initial parameters (e.g. a previous model's, for a warm start), or null for those drawn
     *                 from the spec's seed
     * @param metadata what to record about the data (e.g. its paths); training facts are added to it
     */
    public Result train(
            JavaSparkContext sc, Data data, double[] initial, TrainingListener listener, Map<String, Object> metadata)
            throws IOException {
        TrainingConfig config = spec.config();
        TrainingLimits limits = spec.limits();
        Topology topology = spec.topology();
        CheckpointStore checkpoints = spec.checkpointDir() == null
                ? null
                : new CheckpointStore(new Path(spec.checkpointDir()), sc.hadoopConfiguration());
        Checkpoint resumeFrom = null;
        if (spec.resume()) {
            resumeFrom = checkpoints.latest().orElse(null);
            listener.resuming(
                    spec.checkpointDir(),
                    resumeFrom == null ? OptionalLong.empty() : OptionalLong.of(resumeFrom.iteration()));
        }
        Optimizer optimizer = spec.optimizer(data.train().count());
        long perEpoch = config.scheduleFor(data.train().count()).iterationsPerEpoch();
        long checkpointEvery =
                checkpoints == null ? 0 : limits.checkpointEvery() > 0 ? limits.checkpointEvery() : perEpoch;
        TrainingLimits effective =
                new TrainingLimits(limits.maxIterations(), checkpointEvery, limits.patience(), limits.treeDepth());
        double[] w = initial != null ? initial.clone() : Initializer.initialize(topology, config.seed());
        long started = System.nanoTime();
        TrainingRequest request = TrainingRequest.of(
                        w, optimizer, data.train().blocks(), data.train().count())
                .withValidation(
                        data.validation() == null ? null : data.validation().blocks())
                .withStorage(data.train().storage())
                .resumingFrom(resumeFrom)
                .withCheckpoints(checkpoints == null ? null : checkpoints::write)
                .withListener(listener);
        if (spec.task() == Task.REGRESSION) {
            request = request.regression(data.targetScaling());
        }
        TrainingOutcome outcome = new SparkTrainer(
                        sc, topology, config, effective, spec.engine(), spec.precision(), spec.wire())
                .train(request);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(
                new MlpModel(
                        topology,
                        data.scaling(),
                        outcome.parameters(),
                        metadata(metadata, data, optimizer, outcome, seconds),
                        spec.task(),
                        data.targetScaling()),
                outcome,
                seconds);
    }

    private Map<String, Object> metadata(
            Map<String, Object> given, Data data, Optimizer optimizer, TrainingOutcome outcome, double seconds) {
        TrainingConfig config = spec.config();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trainedAt", Instant.now().toString());
        meta.putAll(given);
        meta.put("trainingRows", data.train().count());
        meta.put("batchSize", config.batchSize());
        meta.put("shuffle", EnumNames.of(config.shuffle()));
        meta.put("seed", config.seed());
        meta.put("optimizer", optimizer.toString());
        meta.put("engine", EnumNames.of(spec.engine()));
        meta.put("precision", EnumNames.of(spec.precision()));
        meta.put("wire", EnumNames.of(spec.wire()));
        meta.put("storage", data.train().storage().cliName());
        meta.put("iterations", outcome.iterations());
        meta.put("epochs", outcome.metrics().size());
        meta.put("stopReason", outcome.stopReason());
        meta.put("trainingSeconds", seconds);
        EpochResult last = outcome.lastEpoch();
        if (data.validation() != null && last != null) {
            if (spec.task() == Task.REGRESSION) {
                meta.put("validationRmse", last.evalRmse());
            } else {
                meta.put("validationAccuracy", last.evalAccuracy());
            }
            meta.put("validationLoss", last.evalLoss());
        }
        return meta;
    }
}
