package org.sparkmlp.job.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureScaling;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.network.Topology;

/**
 * A trained network as stored in a model file: its topology (sizes, activations, cost), the feature scaling
 * applied before the input layer, the flat parameter vector in the topology's
 * {@link org.sparkmlp.core.network.ParameterLayout}, free-form training metadata (values are strings,
 * numbers or booleans, in insertion order), its task, and for regression the scaling of the targets it was
 * trained on (its outputs z(L) are then standardised targets, mapped back by {@link FeatureScaling#invertInPlace}).
 * Serializable, so that a Spark ML model can travel inside a task.
 */
public record MlpModel(
        Topology topology,
        FeatureScaling scaling,
        double[] parameters,
        Map<String, Object> metadata,
        Task task,
        FeatureScaling targetScaling)
        implements Serializable {
    /** A classifier. */
    public MlpModel(Topology topology, FeatureScaling scaling, double[] parameters, Map<String, Object> metadata) {
        this(topology, scaling, parameters, metadata, Task.CLASSIFICATION, FeatureScaling.none());
    }

    public MlpModel {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(targetScaling, "targetScaling");
        if (!targetScaling.isNone()
                && (task != Task.REGRESSION || targetScaling.numFeatures() != topology.outputSize())) {
            throw new IllegalArgumentException("a target scaling of " + targetScaling.numFeatures()
                    + " values needs a regression network of as many outputs, not a " + EnumNames.of(task)
                    + " network of " + topology.outputSize());
        }
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
