package org.sparkmlp.job.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sparkmlp.core.train.EpochResult;

/**
 * The metrics file's line for one epoch, a JSON object: epoch, iteration, trainLoss, validationLoss and
 * validationAccuracy (absent without a validation set), samplesPerSecond, epochSeconds, elapsedSeconds.
 */
final class EpochMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EpochMetrics() {
    }

    static String line(EpochResult result, double elapsedSeconds) {
        ObjectNode line = JSON.createObjectNode();
        line.put("epoch", result.epoch());
        line.put("iteration", result.iterations());
        line.put("trainLoss", result.trainLoss());
        if (!Double.isNaN(result.evalAccuracy())) {
            line.put("validationLoss", result.evalLoss());
            line.put("validationAccuracy", result.evalAccuracy());
        }
        line.put("samplesPerSecond", result.samplesPerSecond());
        line.put("epochSeconds", result.seconds());
        line.put("elapsedSeconds", elapsedSeconds);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
    }

    /** The elapsed training time recorded in the last of {@code lines}; 0 if there are none. */
    static double elapsedSeconds(List<String> lines) {
        if (lines.isEmpty()) {
            return 0;
        }
        try {
            JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
            return last.path("elapsedSeconds").asDouble(0);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a checkpoint holds a malformed metrics line", e);
        }
    }
}
