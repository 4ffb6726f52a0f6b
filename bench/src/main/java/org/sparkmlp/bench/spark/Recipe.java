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
 * update rule (β = 0.9 for momentum and Nesterov) with a constant learning rate, shuffled epochs and a seed.
 */
record Recipe(String layers, String rule, double learningRate, long seed) {
    Topology topology() {
        return Topology.parse(layers, Activation.parse("relu"), Activation.parse("softmax"),
                Cost.parse("cross-entropy"));
    }

    int[] layerSizes() {
        Topology topology = topology();
        int[] sizes = new int[topology.depth() + 1];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = topology.size(l);
        }
        return sizes;
    }

    Optimizer optimizer() {
        return Optimizer.builder(UpdateRule.named(rule, 0.9), new LearningRateSchedule.Constant(learningRate))
                .build(topology().parameterCount());
    }

    TrainingConfig config(int batch, int epochs) {
        return new TrainingConfig(batch, epochs, MinibatchSchedule.Shuffle.EPOCH, seed);
    }

    Recipe withLayers(String otherLayers) {
        return new Recipe(otherLayers, rule, learningRate, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %s μ=%s", layers, rule, learningRate);
    }
}
