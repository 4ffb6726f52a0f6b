package org.sparkmlp.job.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.network.Topology;

/**
 * Saves and loads an {@link MlpModel} on any Hadoop filesystem ({@code file:}, {@code hdfs:}, …).
 *
 * <p>The file is a {@link ParameterFile} of kind {@code model}. Its JSON header holds the topology (layer
 * sizes, an activation per layer and the cost, by name), the parameter count, the feature scaling
 * ({@code none} or {@code standardize}) and the metadata; the arrays are {@code parameters} and, for
 * standardisation, {@code mean} and {@code stdDev}. Doubles are stored bit for bit. Metadata numbers come back
 * as Long when integral, otherwise as Double.
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

    private ModelFile() {}

    /**
     * @throws IllegalArgumentException if a metadata value is not a string, boolean or number (the file is
     *                                  then left as it was)
     */
    public static void write(MlpModel model, Path path, Configuration conf) throws IOException {
        ObjectNode header = HeaderJson.putTopology(HeaderJson.object(), model.topology());
        FeatureScaling scaling = model.scaling();
        header.put("scaling", scaling.isNone() ? "none" : "standardize");
        header.set("metadata", HeaderJson.scalars(model.metadata(), "metadata"));
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put(PARAMETERS, model.parameters());
        if (!scaling.isNone()) {
            arrays.put(MEAN, scaling.mean());
            arrays.put(STD_DEV, scaling.stdDev());
        }
        AtomicFile.write(path, conf, out -> ParameterFile.write(out, KIND, header, arrays));
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
        return lengths;
    }

    private static MlpModel decode(JsonNode header, Map<String, double[]> arrays) {
        FeatureScaling scaling = standardized(header)
                ? FeatureScaling.standardize(arrays.get(MEAN), arrays.get(STD_DEV))
                : FeatureScaling.none();
        return new MlpModel(
                HeaderJson.topology(header),
                scaling,
                arrays.get(PARAMETERS),
                HeaderJson.scalars(HeaderJson.field(header, "metadata"), "metadata"));
    }

    private static boolean standardized(JsonNode header) {
        String scaling = HeaderJson.text(header, "scaling");
        return switch (scaling) {
            case "none" -> false;
            case "standardize" -> true;
            default ->
                throw new IllegalArgumentException("unknown scaling '" + scaling + "'; expected none or standardize");
        };
    }
}
