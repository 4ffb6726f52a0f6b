package org.sparkmlp.core.data;

import org.sparkmlp.core.EnumNames;

/** What a network is trained to do, which decides what its {@link Targets} are. */
public enum Task {
    /** Targets are class labels in [0, n(L)), the prediction is the output with the largest value. */
    CLASSIFICATION,
    /** Targets are real vectors of n(L) values, the prediction is the output z(L) itself. */
    REGRESSION;

    /** Parses {@code classification} or {@code regression}. */
    public static Task parse(String name) {
        return EnumNames.parse(Task.class, name, "task");
    }
}
