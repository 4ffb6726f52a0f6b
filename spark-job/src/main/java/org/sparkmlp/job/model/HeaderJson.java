package org.sparkmlp.job.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.network.Activation;
import org.sparkmlp.core.network.Cost;
import org.sparkmlp.core.network.Topology;

/**
 * The JSON forms of the header fields that model and checkpoint files share, and strict readers for single
 * fields. Readers throw {@link IllegalArgumentException} for a missing or mistyped field.
 */
final class HeaderJson {
    private HeaderJson() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Writes "topology" and the "parameterCount" that readers check it against. */
    static ObjectNode putTopology(ObjectNode header, Topology topology) {
        ObjectNode node = header.putObject("topology");
        ArrayNode layers = node.putArray("layers");
        for (int l = 0; l <= topology.depth(); l++) {
            layers.add(topology.size(l));
        }
        ArrayNode activations = node.putArray("activations");
        for (int l = 1; l <= topology.depth(); l++) {
            activations.add(EnumNames.of(topology.activation(l)));
        }
        node.put("cost", EnumNames.of(topology.cost()));
        return header.put("parameterCount", topology.parameterCount());
    }

    /** The topology, checked against the header's "parameterCount". */
    static Topology topology(JsonNode header) {
        JsonNode node = field(header, "topology");
        JsonNode layers = array(node, "layers");
        int[] sizes = new int[layers.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = intValue(layers.get(i), "layers");
        }
        JsonNode names = array(node, "activations");
        Activation[] activations = new Activation[names.size()];
        for (int i = 0; i < activations.length; i++) {
            activations[i] = Activation.parse(textValue(names.get(i), "activations"));
        }
        Topology topology = new Topology(sizes, activations, Cost.parse(text(node, "cost")));
        int count = integer(header, "parameterCount");
        if (count != topology.parameterCount()) {
            throw new IllegalArgumentException("the header declares " + count + " parameters, but network " + topology
                    + " has " + topology.parameterCount());
        }
        return topology;
    }

    /**
     * Named strings, booleans and numbers (Integer, Long, Short, Byte, Double, Float) as a JSON object; anything
     * else is refused.
     *
     * @param what what the values are, for the message, e.g. {@code metadata}
     */
    static ObjectNode scalars(Map<String, Object> values, String what) {
        ObjectNode node = object();
        values.forEach((key, value) -> {
            if (value instanceof String s) {
                node.put(key, s);
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else if (value instanceof Integer
                    || value instanceof Long
                    || value instanceof Short
                    || value instanceof Byte) {
                node.put(key, ((Number) value).longValue());
            } else if (value instanceof Double || value instanceof Float) {
                node.put(key, ((Number) value).doubleValue());
            } else {
                throw new IllegalArgumentException(what + " '" + key + "' is "
                        + (value == null ? "null" : "a " + value.getClass().getName())
                        + "; values must be strings, booleans or numbers");
            }
        });
        return node;
    }

    /**
     * The fields of a JSON object written by {@link #scalars(Map, String)}, in file order: integral numbers come
     * back as Long, other numbers as Double.
     */
    static Map<String, Object> scalars(JsonNode object, String what) {
        Map<String, Object> values = new LinkedHashMap<>();
        object.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                values.put(entry.getKey(), value.textValue());
            } else if (value.isBoolean()) {
                values.put(entry.getKey(), value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                values.put(entry.getKey(), value.longValue());
            } else if (value.isFloatingPointNumber()) {
                values.put(entry.getKey(), value.doubleValue());
            } else {
                throw new IllegalArgumentException(what + " '" + entry.getKey() + "' is " + value
                        + "; values must be strings, booleans or numbers");
            }
        });
        return values;
    }

    static JsonNode field(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the header has no '" + name + "'");
        }
        return value;
    }

    static String text(JsonNode parent, String name) {
        return textValue(field(parent, name), name);
    }

    static int integer(JsonNode parent, String name) {
        return intValue(field(parent, name), name);
    }

    static long longInteger(JsonNode parent, String name) {
        JsonNode value = field(parent, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + name + "' must be an integer, got " + value);
        }
        return value.longValue();
    }

    /** A number, including the tokens NaN and ±Infinity. */
    static double number(JsonNode parent, String name) {
        JsonNode value = field(parent, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be a number, got " + value);
        }
        return value.doubleValue();
    }

    static boolean bool(JsonNode parent, String name) {
        JsonNode value = field(parent, name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + name + "' must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    static JsonNode array(JsonNode parent, String name) {
        JsonNode value = field(parent, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + name + "' must be an array, got " + value);
        }
        return value;
    }

    private static int intValue(JsonNode value, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + name + "' holds " + value + ", not a 32-bit integer");
        }
        return value.intValue();
    }

    private static String textValue(JsonNode value, String name) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' holds " + value + ", not a string");
        }
        return value.textValue();
    }
}
