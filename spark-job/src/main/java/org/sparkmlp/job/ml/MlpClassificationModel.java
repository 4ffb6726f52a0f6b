package org.sparkmlp.job.ml;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.ChunkedForward;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.onnx.OnnxExport;

/**
 * A trained multilayer perceptron as a Spark ML model. {@code transform} adds {@code rawPrediction} (the
 * network's output z(L)), {@code probability} (z(L) normalised to sum 1; with a softmax output, z(L) itself) and
 * {@code prediction} (the most probable class). Saved with {@code write().save(path)} as Spark's metadata plus the
 * {@code model.mlp} file that {@code mlp evaluate}, {@code predict} and {@code inspect} read too; {@link
 * #exportOnnx} writes it as an ONNX file. {@code transform} scores the rows of a partition in chunks, one forward
 * pass (a GEMM per layer) per chunk.
 */
public final class MlpClassificationModel extends ProbabilisticClassificationModel<Vector, MlpClassificationModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final MlpModel network;
    private final ForwardPasses forward;

    MlpClassificationModel(String uid, MlpModel network) {
        this(network, PendingUid.offer(uid));
    }

    private MlpClassificationModel(MlpModel network, String uid) {
        this.uid = uid;
        this.network = network;
        this.forward = new ForwardPasses(network.topology());
        PendingUid.clear();
    }

    /**
     * The Spark ML model of a network read from a model file (e.g. one {@code mlp train} wrote, read with
     * {@link org.sparkmlp.job.model.ModelDirectory#read}), with a new uid and Spark ML's default Params.
     */
    public static MlpClassificationModel of(MlpModel network) {
        return new MlpClassificationModel(Identifiable$.MODULE$.randomUID("mlpc"), network);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.get();
        }
        return uid;
    }

    /** The trained network: topology, feature scaling, parameters and training metadata. */
    public MlpModel network() {
        return network;
    }

    @Override
    public int numFeatures() {
        return network.topology().inputSize();
    }

    @Override
    public int numClasses() {
        return network.topology().outputSize();
    }

    /**
     * Spark ML's output columns with Spark ML's values (see {@code ProbabilisticClassificationModel.transform}),
     * but computed a chunk of {@value ChunkedForward#CHUNK} rows at a time per partition, one forward pass each,
     * instead of a forward pass per row.
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outputSchema = transformSchema(dataset.schema(), true);
        if (isDefined(thresholds()) && getThresholds().length != numClasses()) {
            throw new IllegalArgumentException("MlpClassificationModel.transform() called with non-matching "
                    + "numClasses and thresholds.length. numClasses=" + numClasses() + ", but thresholds has length "
                    + getThresholds().length);
        }
        StructType schema = dataset.schema();
        for (String column : new String[] {getRawPredictionCol(), getProbabilityCol(), getPredictionCol()}) {
            if (!column.isEmpty()) {
                schema = schema.add(outputSchema.apply(column));
            }
        }
        if (schema.size() == dataset.schema().size()) {
            return super.transform(dataset); // Spark's warning that there is nothing to do
        }
        BatchScoring scoring = new BatchScoring(
                network,
                dataset.schema().fieldIndex(getFeaturesCol()),
                new BatchScoring.ClassifierOutputs(
                        this,
                        !getRawPredictionCol().isEmpty(),
                        !getProbabilityCol().isEmpty(),
                        !getPredictionCol().isEmpty()));
        return BatchScoring.scored(dataset, scoring, schema);
    }

    @Override
    public Vector predictRaw(Vector features) {
        requireSize(features);
        if (features instanceof SparseVector && !network.scaling().centres()) {
            CsrMatrix row = new CsrMatrix(numFeatures(), 1, features.numActives());
            BatchScoring.append(features, row);
            network.scaling().applyInPlace(row);
            return Vectors.dense(Arrays.copyOf(forward.get().forward(network.parameters(), row, 0, 1), numClasses()));
        }
        double[] x = features.toArray().clone();
        if (!network.scaling().isNone()) {
            network.scaling().applyInPlace(x, 0, 1, x.length);
        }
        // the buffer may be longer than one row's output: transform runs chunks through the same network
        return Vectors.dense(Arrays.copyOf(forward.get().forward(network.parameters(), x, 0, 1), numClasses()));
    }

    private void requireSize(Vector features) {
        if (features.size() != numFeatures()) {
            throw new IllegalArgumentException(
                    "the network takes " + numFeatures() + " features, got a vector of " + features.size());
        }
    }

    /**
     * Writes the network as an ONNX file at {@code path} (any Hadoop filesystem, with the active session's Hadoop
     * configuration), the same file as {@code mlp export}'s; see {@link OnnxExport} for its input and outputs.
     *
     * @throws FileAlreadyExistsException if something is at {@code path}
     */
    public void exportOnnx(String path) throws IOException {
        SavedNetwork.exportOnnx(network, path);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        ProbabilisticClassificationModel.normalizeToProbabilitiesInPlace((DenseVector) rawPrediction);
        return rawPrediction;
    }

    /** Both Spark parents define it; the probabilistic one is the right one for this model. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public MlpClassificationModel copy(ParamMap extra) {
        return copyValues(new MlpClassificationModel(uid, network), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return SavedNetwork.writer(this, network);
    }

    public static MLReader<MlpClassificationModel> read() {
        return SavedNetwork.reader(MlpClassificationModel.class, MlpClassificationModel::new);
    }

    public static MlpClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "MlpClassificationModel: uid=" + uid + ", network=" + network.topology();
    }
}
