package org.sparkmlp.job.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.sparkmlp.core.EnumNames;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.optim.Optimizer;
import org.sparkmlp.core.train.TrainingConfig;

/**
 * What a checkpoint must share with the run that resumes it, setting by setting: the network, the number of
 * training rows, the minibatch schedule's batch size, shuffle and seed, the optimizer's update rule,
 * hyperparameters, learning-rate schedule, weight decay and clipping, and whether the features were rounded to
 * float32 when cached. Everything else (epochs, iteration limits, partitions, early stopping, and storage kinds
 * that give the same doubles: float64 and uint8) may change on resume.
 *
 * <p>Every setting is a named string, long or double, stored as such in the checkpoint's header and compared by
 * value, so how a class prints itself never decides whether a checkpoint can be resumed.
 *
 * @param topology the network
 * @param settings the other settings by name, in a fixed order; values are String, Long or Double
 */
public record ResumeSettings(Topology topology, Map<String, Object> settings) {
    public ResumeSettings {
        Objects.requireNonNull(topology, "topology");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        settings.forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Long || value instanceof Double)) {
                throw new IllegalArgumentException(
                        "setting '" + name + "' is " + value + "; settings are strings, longs or doubles");
            }
        });
    }

    /** The settings of a run of {@code topology} on {@code rows} training rows. */
    public static ResumeSettings of(Topology topology, long rows, TrainingConfig config, Optimizer optimizer) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rows", rows);
        settings.put("batchSize", (long) config.batchSize());
        settings.put("shuffle", EnumNames.of(config.shuffle()));
        settings.put("seed", config.seed());
        settings.put("optimizer", optimizer.rule().name());
        new TreeMap<>(optimizer.rule().hyperparameters())
                .forEach((name, value) -> settings.put("optimizer." + name, value));
        settings.put("learningRate", optimizer.schedule().name());
        new TreeMap<>(optimizer.schedule().parameters())
                .forEach((name, value) -> settings.put("learningRate." + name, value));
        settings.put("weightDecay", optimizer.weightDecay());
        settings.put("clipNorm", optimizer.clipNorm());
        return new ResumeSettings(topology, settings);
    }

    /** These settings and one more, {@code name} = {@code value}. */
    public ResumeSettings with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(settings);
        more.put(name, value);
        return new ResumeSettings(topology, more);
    }

    /**
     * These settings and the storage of the training features, recorded only when it changes the numbers
     * training sees (float32 rounds them; float64 and uint8 are read as the same doubles), so checkpoints of runs
     * before storage kinds resume as float64 and uint8 runs.
     */
    public ResumeSettings withStorage(FeatureStorage storage) {
        if (storage != FeatureStorage.FLOAT32) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(settings);
        more.put("storage", storage.cliName());
        return new ResumeSettings(topology, more);
    }

    /**
     * Checks that a run with {@code run}'s settings may resume a checkpoint with these.
     *
     * @throws IllegalArgumentException naming every setting that differs, with both values
     */
    public void requireResumableBy(ResumeSettings run) {
        Map<String, Object> checkpoint = all();
        Map<String, Object> current = run.all();
        Set<String> names = new LinkedHashSet<>(checkpoint.keySet());
        names.addAll(current.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            Object saved = checkpoint.get(name);
            Object now = current.get(name);
            if (!Objects.equals(saved, now)) {
                differences.add(name + " " + shown(saved) + " in the checkpoint, " + shown(now) + " in this run");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint was written by a different configuration and cannot be "
                    + "resumed: " + String.join("; ", differences));
        }
    }

    /** The network's settings followed by the others. */
    private Map<String, Object> all() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("layers", topology.layers());
        List<String> activations = new ArrayList<>();
        for (int l = 1; l <= topology.depth(); l++) {
            activations.add(EnumNames.of(topology.activation(l)));
        }
        all.put("activations", String.join(",", activations));
        all.put("cost", EnumNames.of(topology.cost()));
        all.putAll(settings);
        return all;
    }

    private static String shown(Object value) {
        return value == null ? "absent" : value.toString();
    }
}
