package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparkmlp.core.data.DenseDataset;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Initializer;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.MinibatchSchedule.Shuffle;
import org.sparkmlp.core.train.Trainer;
import org.sparkmlp.core.train.TrainingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp train}: trains a network on IDX data in this process and reports each epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a network by minibatch SGD (single process) and evaluates it after every epoch.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, description = "IDX images file (plain or .gz) to train on.")
    Path train;

    @Option(names = "--train-labels", description = "Its labels (default: the labels file beside it).")
    Path trainLabels;

    @Option(names = "--test", description = "IDX images file to evaluate on after every epoch.")
    Path test;

    @Option(names = "--test-labels", description = "Its labels (default: the labels file beside it).")
    Path testLabels;

    @Option(names = "--layers", required = true, description = "Layer sizes, e.g. 784-256-128-10.")
    String layers;

    @Option(names = "--activation", defaultValue = "sigmoid",
            description = "Hidden layers: sigmoid, tanh, relu or identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--output", defaultValue = "softmax",
            description = "Output layer: softmax, sigmoid, tanh, relu or identity (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--loss", defaultValue = "cross-entropy",
            description = "cross-entropy or quadratic (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--batch", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--shuffle", defaultValue = "epoch",
            description = "none (the seed's sequential minibatches) or epoch (default: ${DEFAULT-VALUE}).")
    String shuffle;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the shuffle.")
    long seed;

    @ArgGroup(exclusive = false, heading = "Optimizer:%n")
    OptimizerOptions optimizer = new OptimizerOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topology.parse(layers, Activation.parse(activation), Activation.parse(output),
                Cost.parse(loss));
        TrainingConfig config = new TrainingConfig(batch, epochs, Shuffle.parse(shuffle), seed);
        Optimizer opt = optimizer.build(topology.parameterCount());
        DenseDataset trainSet = read(train, trainLabels);
        DenseDataset testSet = test == null ? null : read(test, testLabels);

        out.printf("network %s, %d parameters; %d training examples%s; BLAS %s%n", topology,
                topology.parameterCount(), trainSet.size(),
                testSet == null ? "" : ", " + testSet.size() + " test examples", Blas.describe(Blas.get()));
        out.flush();
        double[] w = Initializer.initialize(topology, seed);
        List<EpochResult> history = new Trainer(topology, opt, config).train(w, trainSet, testSet, epoch -> {
            out.println(epoch);
            out.flush();
        });
        if (testSet != null) {
            // the trainer has already evaluated the final weights after the last epoch
            EpochResult last = history.get(history.size() - 1);
            out.printf(java.util.Locale.ROOT, "test accuracy %.4f, test loss %.4f on %d examples after %d epochs%n",
                    last.evalAccuracy(), last.evalLoss(), testSet.size(), history.size());
        }
        return 0;
    }

    private static DenseDataset read(Path images, Path labels) throws IOException {
        return IdxReader.read(images, labels != null ? labels : IdxReader.labelsBeside(images));
    }
}
