package org.sparkmlp.job.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.OptimizerState;

/**
 * Saves and loads one {@link Checkpoint}: a {@link ParameterFile} of kind {@code checkpoint} whose header holds
 * the topology, the other {@link ResumeSettings} by name ({@code resumeSettings}), the iteration, the optimizer's
 * rule, step count and number of state vectors, the current epoch's loss sum and rows, the early stopping state
 * and the metrics of the epochs so far ({@code history}, in {@link MetricsJson}'s form), and whose arrays are
 * {@code parameters}, the optimizer's {@code slot0}, {@code slot1}, … and, if present, {@code bestParameters}.
 * Written atomically.
 */
final class CheckpointFile {
    static final String KIND = "checkpoint";
    private static final String PARAMETERS = "parameters";
    private static final String BEST_PARAMETERS = "bestParameters";
    private static final String SETTINGS = "resumeSettings";
    /** Adam keeps two; the bound stops a corrupt count from driving a huge loop. */
    private static final int MAX_SLOTS = 16;

    private CheckpointFile() {}

    static void write(Checkpoint checkpoint, Path path, Configuration conf) throws IOException {
        Topology topology = checkpoint.topology();
        OptimizerState optimizer = checkpoint.optimizer();
        ObjectNode header = HeaderJson.putTopology(HeaderJson.object(), topology);
        header.set(SETTINGS, HeaderJson.scalars(checkpoint.settings().settings(), "setting"));
        header.put("iteration", checkpoint.iteration());
        header.putObject("optimizer")
                .put("rule", optimizer.rule())
                .put("iterations", optimizer.iterations())
                .put("slots", optimizer.slots().length);
        header.put("epochLossSum", checkpoint.epochLossSum())
                .put("epochRows", checkpoint.epochRows())
                .put("bestLoss", checkpoint.bestLoss())
                .put("badEpochs", checkpoint.badEpochs())
                .put(BEST_PARAMETERS, checkpoint.bestParameters() != null);
        ArrayNode history = header.putArray("history");
        checkpoint.history().forEach(epoch -> history.add(MetricsJson.object(epoch)));

        if (optimizer.slots().length > MAX_SLOTS) {
            throw new IllegalArgumentException("an optimizer with " + optimizer.slots().length
                    + " state vectors cannot be saved (at most " + MAX_SLOTS + ")");
        }
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put(PARAMETERS, checkpoint.parameters());
        for (int k = 0; k < optimizer.slots().length; k++) {
            if (optimizer.slots()[k].length != topology.parameterCount()) {
                throw new IllegalArgumentException("optimizer state vector " + k + " has "
                        + optimizer.slots()[k].length + " entries, the network " + topology.parameterCount()
                        + " parameters");
            }
            arrays.put(slot(k), optimizer.slots()[k]);
        }
        if (checkpoint.bestParameters() != null) {
            arrays.put(BEST_PARAMETERS, checkpoint.bestParameters());
        }
        AtomicFile.write(path, conf, out -> ParameterFile.write(out, KIND, ParameterFile.FIRST_FORMAT, header, arrays));
    }

    static Checkpoint read(Path path, Configuration conf) throws IOException {
        return ParameterFile.read(path, conf, KIND, CheckpointFile::arrayLengths, CheckpointFile::decode);
    }

    private static Map<String, Integer> arrayLengths(JsonNode header) {
        int n = HeaderJson.topology(header).parameterCount();
        Map<String, Integer> lengths = new LinkedHashMap<>();
        lengths.put(PARAMETERS, n);
        for (int k = 0, slots = slotCount(header); k < slots; k++) {
            lengths.put(slot(k), n);
        }
        if (HeaderJson.bool(header, BEST_PARAMETERS)) {
            lengths.put(BEST_PARAMETERS, n);
        }
        return lengths;
    }

    private static Checkpoint decode(JsonNode header, Map<String, double[]> arrays) {
        JsonNode optimizer = HeaderJson.field(header, "optimizer");
        double[][] slots = new double[slotCount(header)][];
        for (int k = 0; k < slots.length; k++) {
            slots[k] = arrays.get(slot(k));
        }
        List<EpochMetrics> history = new ArrayList<>();
        for (JsonNode epoch : HeaderJson.array(header, "history")) {
            history.add(MetricsJson.metrics(epoch));
        }
        return new Checkpoint(
                settings(header),
                HeaderJson.longInteger(header, "iteration"),
                arrays.get(PARAMETERS),
                new OptimizerState(
                        HeaderJson.text(optimizer, "rule"), HeaderJson.longInteger(optimizer, "iterations"), slots),
                HeaderJson.number(header, "epochLossSum"),
                HeaderJson.longInteger(header, "epochRows"),
                HeaderJson.number(header, "bestLoss"),
                HeaderJson.integer(header, "badEpochs"),
                arrays.get(BEST_PARAMETERS),
                history);
    }

    private static ResumeSettings settings(JsonNode header) {
        if (!header.has(SETTINGS) && header.has("fingerprint")) {
            throw new IllegalArgumentException("written by an earlier version that recorded its settings as text; "
                    + "this version cannot resume it (train without --resume, or delete the checkpoint)");
        }
        return new ResumeSettings(
                HeaderJson.topology(header), HeaderJson.scalars(HeaderJson.field(header, SETTINGS), "setting"));
    }

    private static int slotCount(JsonNode header) {
        int slots = HeaderJson.integer(HeaderJson.field(header, "optimizer"), "slots");
        if (slots < 0 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException(
                    "the optimizer cannot keep " + slots + " state vectors (0 … " + MAX_SLOTS + ")");
        }
        return slots;
    }

    private static String slot(int k) {
        return "slot" + k;
    }
}
