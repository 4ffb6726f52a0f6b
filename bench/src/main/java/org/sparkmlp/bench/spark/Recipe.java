package org.sparkmlp.bench.spark;

import java.util.Locale;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.LearningRateSchedule;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.optim.UpdateRule;
import org.sparkmlp.core.train.MinibatchSchedule;
import org.sparkmlp.core.train.TrainingConfig;

/**
 * What our trainer runs with in the benchmark: the network (ReLU hidden layers, softmax + cross-entropy), the
 * update rule (β = 0.9 for momentum and Nesterov), its learning rate — constant, or a cosine decay from μ to 0 over
 * all iterations of the run — shuffled epochs and a seed.
 */
record Recipe(String layers, String rule, double learningRate, String schedule, long seed) {
    Recipe {
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new IllegalArgumentException(
                    "unknown learning-rate schedule '" + schedule + "'; expected constant or cosine");
        }
    }

    Topology topology() {
        return Topology.parse(
                layers, Activation.parse("relu"), Activation.parse("softmax"), Cost.parse("cross-entropy"));
    }

    int[] layerSizes() {
        Topology topology = topology();
        int[] sizes = new int[topology.depth() + 1];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = topology.size(l);
        }
        return sizes;
    }

    /** A fresh optimizer for a run of {@code config} over {@code rows} training rows. */
    Optimizer optimizer(TrainingConfig config, long rows) {
        LearningRateSchedule rate = schedule.equals("cosine")
                ? new LearningRateSchedule.CosineDecay(learningRate, 0, config.iterations(rows))
                : new LearningRateSchedule.Constant(learningRate);
        return Optimizer.builder(UpdateRule.named(rule, 0.9), rate)
                .build(topology().parameterCount());
    }

    TrainingConfig config(int batch, int epochs) {
        return new TrainingConfig(batch, epochs, MinibatchSchedule.Shuffle.EPOCH, seed);
    }

    Recipe withLayers(String otherLayers) {
        return new Recipe(otherLayers, rule, learningRate, schedule, seed);
    }

    /** The update rule and its learning rate, e.g. {@code adam μ=0.003 cosine}. */
    String optimizerLabel() {
        return String.format(Locale.ROOT, "%s μ=%s%s", rule, learningRate, schedule.equals("cosine") ? " cosine" : "");
    }

    @Override
    public String toString() {
        return layers + ", " + optimizerLabel();
    }
}
