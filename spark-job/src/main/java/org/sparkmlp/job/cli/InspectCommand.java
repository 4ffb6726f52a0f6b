package org.sparkmlp.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.data.BadInputException;
import org.sparkmlp.job.model.EpochMetrics;
import org.sparkmlp.job.model.MetricsJson;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.report.TrainingCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlp inspect}: what a model file holds, without Spark. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Shows a model's task, topology, activations, cost, feature (and target) scaling, parameter "
                + "count and training metadata; verifies its checksum.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--plots",
            description = "Redraw the model directory's learning curve and confusion matrix from its metrics file.")
    boolean plots;

    @Override
    public Integer call() throws IOException {
        Configuration conf = new Configuration();
        MlpModel trained = ModelDirectory.read(model, conf);
        Topology topology = trained.topology();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = mapper.createObjectNode();
        result.put("task", EnumNames.of(trained.task()));
        result.put("layers", topology.layers());
        ArrayNode activations = result.putArray("activations");
        for (int l = 1; l <= topology.depth(); l++) {
            activations.add(EnumNames.of(topology.activation(l)));
        }
        result.put("cost", EnumNames.of(topology.cost()));
        result.put("parameterCount", topology.parameterCount());
        result.put("featureScaling", trained.scaling().toString());
        if (trained.task() == Task.REGRESSION) {
            result.put("targetScaling", trained.targetScaling().toString());
        }
        result.set("metadata", mapper.valueToTree(trained.metadata()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper.writeValueAsString(result));
        } else {
            out.printf(
                    "task        %s%nnetwork     %s%nparameters  %d%nscaling     %s%n",
                    EnumNames.of(trained.task()), topology, topology.parameterCount(), trained.scaling());
            if (trained.task() == Task.REGRESSION) {
                out.printf("targets     %s%n", trained.targetScaling());
            }
            for (Map.Entry<String, Object> entry : trained.metadata().entrySet()) {
                out.printf("%-20s %s%n", entry.getKey(), entry.getValue());
            }
        }
        if (plots) {
            redrawCharts(conf, out);
        }
        out.flush();
        return 0;
    }

    private void redrawCharts(Configuration conf, PrintWriter out) throws IOException {
        Path directory = new Path(model);
        FileSystem fs = directory.getFileSystem(conf);
        Path metrics = new Path(directory, ModelDirectory.METRICS_FILE);
        if (!fs.getFileStatus(directory).isDirectory() || !fs.exists(metrics)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--plots needs a model directory with " + ModelDirectory.METRICS_FILE + "; " + model + " has none");
        }
        List<String> lines;
        try (var in = new BufferedReader(new InputStreamReader(fs.open(metrics), StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                epochs.add(MetricsJson.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(metrics + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        for (Path chart : TrainingCharts.draw(epochs, directory, conf)) {
            out.println("drew " + chart);
        }
    }
}
