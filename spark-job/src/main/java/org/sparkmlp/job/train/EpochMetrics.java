package org.sparkmlp.job.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;

/**
 * The metrics file's line for one epoch, a JSON object: epoch, iteration, trainLoss, samplesPerSecond,
 * epochSeconds, elapsedSeconds and, with a validation set, validationLoss, validationAccuracy and confusion (rows:
 * true class, columns: predicted class). This class writes and reads them.
 */
public final class EpochMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line, read back; the validation fields are NaN and confusion null without a validation set. */
    public record Line(int epoch, long iteration, double trainLoss, double validationLoss, double validationAccuracy,
                       double samplesPerSecond, double elapsedSeconds, long[][] confusion) {
        public boolean validated() {
            return !Double.isNaN(validationAccuracy);
        }
    }

    private EpochMetrics() {
    }

    static String line(EpochResult result, Evaluation validation, double elapsedSeconds) {
        ObjectNode line = JSON.createObjectNode();
        line.put("epoch", result.epoch());
        line.put("iteration", result.iterations());
        line.put("trainLoss", result.trainLoss());
        if (validation != null) {
            line.put("validationLoss", result.evalLoss());
            line.put("validationAccuracy", result.evalAccuracy());
        }
        line.put("samplesPerSecond", result.samplesPerSecond());
        line.put("epochSeconds", result.seconds());
        line.put("elapsedSeconds", elapsedSeconds);
        if (validation != null) {
            ArrayNode confusion = line.putArray("confusion");
            for (long[] row : validation.confusionMatrix()) {
                ArrayNode counts = confusion.addArray();
                for (long count : row) {
                    counts.add(count);
                }
            }
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException if it is not a metrics line
     */
    public static Line parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("epoch").isInt() || !node.path("trainLoss").isNumber()) {
            throw new IllegalArgumentException("not a metrics line (needs epoch and trainLoss): " + json);
        }
        long[][] confusion = null;
        if (node.path("confusion").isArray()) {
            JsonNode rows = node.get("confusion");
            confusion = new long[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                confusion[i] = new long[rows.get(i).size()];
                for (int j = 0; j < confusion[i].length; j++) {
                    confusion[i][j] = rows.get(i).get(j).asLong();
                }
            }
        }
        return new Line(node.get("epoch").asInt(), node.path("iteration").asLong(), node.get("trainLoss").asDouble(),
                node.path("validationLoss").asDouble(Double.NaN), node.path("validationAccuracy").asDouble(Double.NaN),
                node.path("samplesPerSecond").asDouble(Double.NaN), node.path("elapsedSeconds").asDouble(Double.NaN),
                confusion);
    }

    /** The elapsed training time recorded in the last of {@code lines}; 0 if there are none. */
    static double elapsedSeconds(List<String> lines) {
        return lines.isEmpty() ? 0 : parse(lines.get(lines.size() - 1)).elapsedSeconds();
    }
}
