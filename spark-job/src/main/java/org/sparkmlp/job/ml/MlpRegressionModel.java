package org.sparkmlp.job.ml;

import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.ChunkedForward;
import org.sparkmlp.job.model.MlpModel;

/**
 * A trained multilayer perceptron regressor as a Spark ML model. {@code transform} adds {@code prediction}: the
 * network's one output, in the labels' units (the target standardisation undone). Saved with {@code
 * write().save(path)} as Spark's metadata plus the {@code model.mlp} file that {@code mlp evaluate}, {@code predict}
 * and {@code inspect} read too; {@link #exportOnnx} writes it as an ONNX file. {@code transform} scores the rows of a partition in chunks of {@value
 * ChunkedForward#CHUNK}, one forward pass each ({@link BatchScoring}).
 */
public final class MlpRegressionModel extends RegressionModel<Vector, MlpRegressionModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;

    private final MlpModel network;
    private final ForwardPasses forward;

    MlpRegressionModel(String uid, MlpModel network) {
        this(network, PendingUid.offer(uid));
    }

    private MlpRegressionModel(MlpModel network, String uid) {
        this.uid = uid;
        this.network = network;
        this.forward = new ForwardPasses(network.topology());
        PendingUid.clear();
        if (network.task() != Task.REGRESSION || network.topology().outputSize() != 1) {
            throw new IllegalArgumentException("an MlpRegressionModel needs a regression network of one output, not "
                    + EnumNames.of(network.task()) + " "
                    + network.topology());
        }
    }

    /**
     * The Spark ML model of a regression network read from a model file (e.g. one {@code mlp train --task
     * regression} wrote), with a new uid and Spark ML's default Params.
     */
    public static MlpRegressionModel of(MlpModel network) {
        return new MlpRegressionModel(Identifiable$.MODULE$.randomUID("mlpr"), network);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.get();
        }
        return uid;
    }

    /** The trained network: topology, feature and target scaling, parameters and training metadata. */
    public MlpModel network() {
        return network;
    }

    @Override
    public int numFeatures() {
        return network.topology().inputSize();
    }

    /** Spark ML's {@code prediction} column, computed a chunk of rows at a time per partition. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outputSchema = transformSchema(dataset.schema(), true);
        if (getPredictionCol().isEmpty()) {
            return super.transform(dataset); // Spark's warning that there is nothing to do
        }
        StructType schema = dataset.schema().add(outputSchema.apply(getPredictionCol()));
        FeatureScaling targets = network.targetScaling();
        BatchScoring scoring =
                new BatchScoring(network, dataset.schema().fieldIndex(getFeaturesCol()), new Prediction(targets));
        return BatchScoring.scored(dataset, scoring, schema);
    }

    @Override
    public double predict(Vector features) {
        if (features.size() != numFeatures()) {
            throw new IllegalArgumentException(
                    "the network takes " + numFeatures() + " features, got a vector of " + features.size());
        }
        double[] x = features.toArray().clone();
        network.scaling().applyInPlace(x, 0, 1, x.length);
        double[] z = {forward.get().forward(network.parameters(), x, 0, 1)[0]};
        network.targetScaling().invertInPlace(z, 0, 1, 1);
        return z[0];
    }

    /**
     * Writes the network as an ONNX file at {@code path} (any Hadoop filesystem, with the active session's Hadoop
     * configuration), the same file as {@code mlp export}'s: output {@code prediction} [N, 1] in the labels' units.
     *
     * @throws FileAlreadyExistsException if something is at {@code path}
     */
    public void exportOnnx(String path) throws IOException {
        SavedNetwork.exportOnnx(network, path);
    }

    /** The one output z(L), mapped back to the labels' units. */
    private record Prediction(FeatureScaling targets) implements BatchScoring.Outputs {
        @Override
        public Object[] of(double[] z, int offset) {
            double[] y = {z[offset]};
            targets.invertInPlace(y, 0, 1, 1);
            return new Object[] {y[0]};
        }
    }

    @Override
    public MlpRegressionModel copy(ParamMap extra) {
        return copyValues(new MlpRegressionModel(uid, network), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return SavedNetwork.writer(this, network);
    }

    public static MLReader<MlpRegressionModel> read() {
        return SavedNetwork.reader(MlpRegressionModel.class, MlpRegressionModel::new);
    }

    public static MlpRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "MlpRegressionModel: uid=" + uid + ", network=" + network.topology();
    }
}
