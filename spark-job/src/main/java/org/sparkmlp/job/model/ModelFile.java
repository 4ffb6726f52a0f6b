package org.sparkmlp.job.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Topology;

/**
 * Saves and loads an {@link MlpModel} on any Hadoop filesystem ({@code file:}, {@code hdfs:}, …).
 *
 * <p>The file is a {@link ParameterFile} of kind {@code model}. Its JSON header holds the topology (layer
 * sizes, an activation per layer and the cost, by name), the parameter count, the feature scaling
 * ({@code none} or {@code standardize}) and the metadata; the arrays are {@code parameters} and, for
 * standardisation, {@code mean} and {@code stdDev}. A regression model is format 2: its header also says
 * {@code "task": "regression"} and its {@code targetScaling}, with the arrays {@code targetMean} and
 * {@code targetStdDev} when that is {@code standardize}; a classifier is written as format 1, as before, and a
 * header without a task is a classifier. Doubles are stored bit for bit. Metadata numbers come back as Long when
 * integral, otherwise as Double.
 *
 * <p>A write replaces the file atomically: readers see the previous model or the new one, and a failed write
 * leaves the previous one in place. Every fault of a file being read is a {@link ModelFormatException} that
 * names it.
 */
public final class ModelFile {
    static final String KIND = "model";
    private static final String PARAMETERS = "parameters";
    private static final String MEAN = "mean";
    private static final String STD_DEV = "stdDev";
    private static final String TARGET_MEAN = "targetMean";
    private static final String TARGET_STD_DEV = "targetStdDev";

    private ModelFile() {}

    /**
     * @throws IllegalArgumentException if a metadata value is not a string, boolean or number (the file is
     *                                  then left as it was)
     */
    public static void write(MlpModel model, Path path, Configuration conf) throws IOException {
        ObjectNode header = HeaderJson.putTopology(HeaderJson.object(), model.topology());
        FeatureScaling scaling = model.scaling();
        header.put("scaling", scaling.isNone() ? "none" : "standardize");
        boolean regression = model.task() == Task.REGRESSION;
        FeatureScaling targetScaling = model.targetScaling();
        if (regression) {
            header.put("task", EnumNames.of(Task.REGRESSION));
            header.put("targetScaling", targetScaling.isNone() ? "none" : "standardize");
        }
        header.set("metadata", HeaderJson.scalars(model.metadata(), "metadata"));
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put(PARAMETERS, model.parameters());
        if (!scaling.isNone()) {
            arrays.put(MEAN, scaling.mean());
            arrays.put(STD_DEV, scaling.stdDev());
        }
        if (!targetScaling.isNone()) {
            arrays.put(TARGET_MEAN, targetScaling.mean());
            arrays.put(TARGET_STD_DEV, targetScaling.stdDev());
        }
        int format = regression ? ParameterFile.FORMAT : ParameterFile.FIRST_FORMAT;
        AtomicFile.write(path, conf, out -> ParameterFile.write(out, KIND, format, header, arrays));
    }

    public static MlpModel read(Path path, Configuration conf) throws IOException {
        return ParameterFile.read(path, conf, KIND, ModelFile::arrayLengths, ModelFile::decode);
    }

    private static Map<String, Integer> arrayLengths(JsonNode header) {
        Topology topology = HeaderJson.topology(header);
        Map<String, Integer> lengths = new LinkedHashMap<>();
        lengths.put(PARAMETERS, topology.parameterCount());
        if (standardized(header)) {
            lengths.put(MEAN, topology.inputSize());
            lengths.put(STD_DEV, topology.inputSize());
        }
        if (targetsStandardized(header)) {
            lengths.put(TARGET_MEAN, topology.outputSize());
            lengths.put(TARGET_STD_DEV, topology.outputSize());
        }
        return lengths;
    }

    private static MlpModel decode(JsonNode header, Map<String, double[]> arrays) {
        FeatureScaling scaling = standardized(header)
                ? FeatureScaling.standardize(arrays.get(MEAN), arrays.get(STD_DEV))
                : FeatureScaling.none();
        FeatureScaling targetScaling = targetsStandardized(header)
                ? FeatureScaling.standardize(arrays.get(TARGET_MEAN), arrays.get(TARGET_STD_DEV))
                : FeatureScaling.none();
        return new MlpModel(
                HeaderJson.topology(header),
                scaling,
                arrays.get(PARAMETERS),
                HeaderJson.scalars(HeaderJson.field(header, "metadata"), "metadata"),
                task(header),
                targetScaling);
    }

    /** Classification unless the header (format 2) says otherwise. */
    private static Task task(JsonNode header) {
        return header.has("task") ? Task.parse(HeaderJson.text(header, "task")) : Task.CLASSIFICATION;
    }

    private static boolean targetsStandardized(JsonNode header) {
        return task(header) == Task.REGRESSION && scalingNamed(HeaderJson.text(header, "targetScaling"));
    }

    private static boolean standardized(JsonNode header) {
        return scalingNamed(HeaderJson.text(header, "scaling"));
    }

    private static boolean scalingNamed(String scaling) {
        return switch (scaling) {
            case "none" -> false;
            case "standardize" -> true;
            default ->
                throw new IllegalArgumentException("unknown scaling '" + scaling + "'; expected none or standardize");
        };
    }
}
