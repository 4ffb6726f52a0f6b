package org.sparkmlp.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Momentum;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import org.sparkmlp.job.model.MlpModel;

/** Models trained quickly in the test JVM (single-process trainer) on the Fashion-MNIST sample bundled in data/. */
public final class SampleModels {
    public static final Path SAMPLE = Script.ROOT.resolve("data/fashion-mnist-sample");

    private SampleModels() {}

    /** The sample's 10,000 training or 2,000 test rows. */
    public static DenseDataset read(boolean training) throws IOException {
        Path images = SAMPLE.resolve(training ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz");
        return IdxReader.read(images, IdxReader.labelsBeside(images));
    }

    /** One epoch of momentum SGD on {@code train} (scaled by {@code scaling}) from seeded weights. */
    public static MlpModel trained(Topology topology, FeatureScaling scaling, DenseDataset train) {
        double[] x = train.features().clone();
        scaling.applyInPlace(x, 0, train.size(), train.numFeatures());
        double[] w = Initializer.initialize(topology, 7);
        Optimizer momentum = Optimizer.builder(new Momentum(0.9), new LearningRateSchedule.Constant(0.02))
                .build(w.length);
        new Trainer(topology, momentum, new TrainingConfig(32, 1, Shuffle.EPOCH, 7))
                .train(w, new DenseDataset(x, train.labels(), train.numFeatures()), null, epoch -> {});
        return new MlpModel(topology, scaling, w, Map.of());
    }

    /** The per-feature mean and standard deviation of a data set. */
    public static FeatureScaling standardisation(DenseDataset data) {
        int n = data.size();
        int d = data.numFeatures();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += data.features()[r * d + i] / n;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double c = data.features()[r * d + i] - mean[i];
                sd[i] += c * c / n;
            }
        }
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i]);
        }
        return FeatureScaling.standardize(mean, sd);
    }
}
