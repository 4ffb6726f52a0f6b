package org.sparkmlp.job.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelFile;
import scala.Option;

/**
 * A trained multilayer perceptron as a Spark ML model. {@code transform} adds {@code rawPrediction} (the
 * network's output z(L)), {@code probability} (z(L) normalised to sum 1; with a softmax output, z(L) itself) and
 * {@code prediction} (the most probable class). Saved with {@code write().save(path)} as Spark's metadata plus the
 * {@code model.mlp} file that {@code mlp evaluate}, {@code predict} and {@code inspect} read too.
 */
public final class MlpClassificationModel
        extends ProbabilisticClassificationModel<Vector, MlpClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** The model file inside a saved model's directory. */
    static final String MODEL_FILE = "data/model.mlp";

    /** No initializer: {@link #uid()} may set it while Spark's constructors run. */
    private String uid;
    private final MlpModel network;
    /** Forward passes keep buffers: one network per thread of the JVM that transforms. */
    private transient ThreadLocal<Backpropagation> forward;

    MlpClassificationModel(String uid, MlpModel network) {
        this(network, PendingUid.offer(uid));
    }

    private MlpClassificationModel(MlpModel network, String uid) {
        this.uid = uid;
        this.network = network;
        PendingUid.clear();
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

    @Override
    public Vector predictRaw(Vector features) {
        if (features.size() != numFeatures()) {
            throw new IllegalArgumentException("the network takes " + numFeatures() + " features, got a vector of "
                    + features.size());
        }
        double[] x = features.toArray().clone();
        if (!network.scaling().isNone()) {
            network.scaling().applyInPlace(x, 0, 1, x.length);
        }
        return Vectors.dense(forwardPass().forward(network.parameters(), x, 0, 1).clone());
    }

    private Backpropagation forwardPass() {
        if (forward == null) {
            forward = ThreadLocal.withInitial(() -> new Backpropagation(network.topology()));
        }
        return forward.get();
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
        return new Writer(this);
    }

    public static MLReader<MlpClassificationModel> read() {
        return new Reader();
    }

    public static MlpClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "MlpClassificationModel: uid=" + uid + ", network=" + network.topology();
    }

    private static final class Writer extends MLWriter {
        private final MlpClassificationModel instance;

        Writer(MlpClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            try {
                ModelFile.write(instance.network, new Path(path, MODEL_FILE),
                        sparkSession().sparkContext().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Reader extends MLReader<MlpClassificationModel> {
        @Override
        public MlpClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    MlpClassificationModel.class.getName());
            try {
                MlpModel network = ModelFile.read(new Path(path, MODEL_FILE),
                        sparkSession().sparkContext().hadoopConfiguration());
                MlpClassificationModel model = new MlpClassificationModel(metadata.uid(), network);
                metadata.getAndSetParams(model, Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
