package org.sparkmlp.job.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelFile;
import org.sparkmlp.job.onnx.OnnxExport;
import scala.Option;

/**
 * The files of the Spark ML models, {@link MlpClassificationModel} and {@link MlpRegressionModel}: a saved model
 * is Spark's metadata (class, uid, Params) beside the network's {@value #MODEL_FILE}, the {@link ModelFile} that
 * {@code mlp evaluate}, {@code predict} and {@code inspect} read too; and the network's ONNX export.
 */
final class SavedNetwork {
    /** The model file inside a saved model's directory. */
    static final String MODEL_FILE = "data/model.mlp";

    private SavedNetwork() {}

    /** Writes {@code model}'s metadata and {@code network} into a directory. */
    static MLWriter writer(Params model, MlpModel network) {
        return new Writer(model, network);
    }

    /**
     * Reads a directory {@link #writer} wrote for a model of class {@code type}, which {@code create} makes from
     * the uid and the network; the saved Params are then set on it.
     */
    static <M extends Params> MLReader<M> reader(Class<M> type, BiFunction<String, MlpModel, M> create) {
        return new Reader<>(type, create);
    }

    /**
     * Writes {@code network} as an ONNX file at {@code path}, with the active session's Hadoop configuration.
     *
     * @throws FileAlreadyExistsException if something is at {@code path}
     */
    static void exportOnnx(MlpModel network, String path) throws IOException {
        Configuration conf = SparkSession.active().sparkContext().hadoopConfiguration();
        Path target = new Path(path);
        if (target.getFileSystem(conf).exists(target)) {
            throw new FileAlreadyExistsException("the ONNX path " + path + " already exists");
        }
        OnnxExport.write(network, target, conf);
    }

    private static final class Writer extends MLWriter {
        private final Params model;
        private final MlpModel network;

        Writer(Params model, MlpModel network) {
            this.model = model;
            this.network = network;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            try {
                ModelFile.write(
                        network,
                        new Path(path, MODEL_FILE),
                        sparkSession().sparkContext().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Reader<M extends Params> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, MlpModel, M> create;

        Reader(Class<M> type, BiFunction<String, MlpModel, M> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata =
                    DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
            try {
                MlpModel network = ModelFile.read(
                        new Path(path, MODEL_FILE),
                        sparkSession().sparkContext().hadoopConfiguration());
                M model = create.apply(metadata.uid(), network);
                metadata.getAndSetParams(model, Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
