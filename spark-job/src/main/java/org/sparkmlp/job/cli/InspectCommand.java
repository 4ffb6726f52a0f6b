package org.sparkmlp.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp inspect}: what a model file holds, without Spark. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows a model's topology, activations, cost, feature scaling, parameter count and training "
                + "metadata; verifies its checksum.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        MlpModel trained = ModelDirectory.read(model, new Configuration());
        Topology topology = trained.topology();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = mapper.createObjectNode();
        result.put("layers", topology.layers());
        ArrayNode activations = result.putArray("activations");
        for (int l = 1; l <= topology.depth(); l++) {
            activations.add(topology.activation(l).toString().toLowerCase(java.util.Locale.ROOT));
        }
        result.put("cost", topology.cost().toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        result.put("parameterCount", topology.parameterCount());
        result.put("featureScaling", trained.scaling().toString());
        result.set("metadata", mapper.valueToTree(trained.metadata()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper.writeValueAsString(result));
        } else {
            out.printf("network     %s%nparameters  %d%nscaling     %s%n", topology, topology.parameterCount(),
                    trained.scaling());
            for (Map.Entry<String, Object> entry : trained.metadata().entrySet()) {
                out.printf("%-20s %s%n", entry.getKey(), entry.getValue());
            }
        }
        out.flush();
        return 0;
    }
}
