package org.sparkmlp.job.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of {@link EpochMetrics}, the one owner of that format: a line of {@code metrics.jsonl} and an
 * entry of a checkpoint's history are the same object. Fields, in this order: epoch, iteration, trainLoss,
 * validationLoss and either validationAccuracy (classification) or validationRmse (regression), only with a
 * validation set, samplesPerSecond, epochSeconds, elapsedSeconds, and confusion (only for classification with a
 * validation set).
 */
public final class MetricsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {}

    /** One line of {@code metrics.jsonl}, without the line break. */
    static String line(EpochMetrics metrics) {
        try {
            return JSON.writeValueAsString(object(metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
    }

    /**
     * Reads one line of {@code metrics.jsonl}.
     *
     * @throws IllegalArgumentException if it is not a metrics line
     */
    public static EpochMetrics parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        return metrics(node, line);
    }

    static ObjectNode object(EpochMetrics metrics) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("epoch", metrics.epoch());
        node.put("iteration", metrics.iteration());
        node.put("trainLoss", metrics.trainLoss());
        if (metrics.validated()) {
            node.put("validationLoss", metrics.validationLoss());
            if (!Double.isNaN(metrics.validationAccuracy())) {
                node.put("validationAccuracy", metrics.validationAccuracy());
            }
            if (!Double.isNaN(metrics.validationRmse())) {
                node.put("validationRmse", metrics.validationRmse());
            }
        }
        node.put("samplesPerSecond", metrics.samplesPerSecond());
        node.put("epochSeconds", metrics.epochSeconds());
        node.put("elapsedSeconds", metrics.elapsedSeconds());
        if (metrics.confusion() != null) {
            ArrayNode confusion = node.putArray("confusion");
            for (long[] row : metrics.confusion()) {
                ArrayNode counts = confusion.addArray();
                for (long count : row) {
                    counts.add(count);
                }
            }
        }
        return node;
    }

    /**
     * The metrics of one JSON object; absent validation fields are NaN and an absent confusion matrix null.
     *
     * @throws IllegalArgumentException if it lacks an integer epoch or a numeric trainLoss
     */
    static EpochMetrics metrics(JsonNode node) {
        return metrics(node, String.valueOf(node));
    }

    private static EpochMetrics metrics(JsonNode node, String text) {
        if (node == null
                || !node.isObject()
                || !node.path("epoch").isInt()
                || !node.path("trainLoss").isNumber()) {
            throw new IllegalArgumentException("not a metrics line (needs epoch and trainLoss): " + text);
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
        return new EpochMetrics(
                node.get("epoch").asInt(),
                node.path("iteration").asLong(),
                node.get("trainLoss").asDouble(),
                node.path("validationLoss").asDouble(Double.NaN),
                node.path("validationAccuracy").asDouble(Double.NaN),
                node.path("validationRmse").asDouble(Double.NaN),
                node.path("samplesPerSecond").asDouble(Double.NaN),
                node.path("epochSeconds").asDouble(Double.NaN),
                node.path("elapsedSeconds").asDouble(Double.NaN),
                confusion);
    }
}
