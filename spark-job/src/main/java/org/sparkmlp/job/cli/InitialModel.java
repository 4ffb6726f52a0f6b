package org.sparkmlp.job.cli;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.data.BadInputException;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;

/** {@code --init-model}: a trained model's parameters as the starting point of training (a warm start). */
final class InitialModel {
    private InitialModel() {}

    /**
     * The parameters of the model at {@code path} (a model directory or file).
     *
     * @throws BadInputException if its network differs from {@code topology}, it was trained for another task, or
     *                           its inputs were standardised and this run's are not (or the other way round)
     */
    static double[] parameters(String path, Topology topology, Task task, boolean standardize, Configuration conf)
            throws IOException {
        MlpModel model = ModelDirectory.read(path, conf);
        if (model.task() != task) {
            throw new BadInputException("the initial model " + path + " is a " + EnumNames.of(model.task())
                    + " model; this run trains " + EnumNames.of(task) + " (--task)");
        }
        if (!model.topology().equals(topology)) {
            throw new BadInputException("the initial model " + path + " is a " + model.topology()
                    + " network; this run trains " + topology + " (a warm start needs the same network)");
        }
        if (model.scaling().isNone() == standardize) {
            throw new BadInputException("the initial model " + path + " was trained on "
                    + (standardize ? "unscaled" : "standardised") + " features; this run "
                    + (standardize ? "standardises them" : "does not (add --standardize)"));
        }
        return model.parameters().clone();
    }
}
