package org.sparkmlp.job.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.network.Topology;

/**
 * A trained network as stored in a model file: its topology (sizes, activations, cost), the feature scaling
 * applied before the input layer, the flat parameter vector in the topology's
 * {@link org.sparkmlp.core.network.ParameterLayout}, and free-form training metadata (values are strings,
 * numbers or booleans, in insertion order). Serializable, so that a Spark ML model can travel inside a task.
 */
public record MlpModel(Topology topology, FeatureScaling scaling, double[] parameters, Map<String, Object> metadata)
        implements Serializable {
    public MlpModel {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.length != topology.parameterCount()) {
            throw new IllegalArgumentException("network " + topology + " has " + topology.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        if (!scaling.isNone() && scaling.numFeatures() != topology.inputSize()) {
            throw new IllegalArgumentException("the feature scaling is for " + scaling.numFeatures()
                    + " features, the network takes " + topology.inputSize());
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
