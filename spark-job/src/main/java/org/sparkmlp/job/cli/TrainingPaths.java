package org.sparkmlp.job.cli;

import java.util.function.UnaryOperator;

/** The data and checkpoint paths of {@code mlp train}, as given or with scheduled training's date filled in. */
record TrainingPaths(String train, String trainLabels, String test, String testLabels, String checkpointDir) {

    /** Every path that is given, in the order of the fields. */
    String[] given() {
        return java.util.stream.Stream.of(train, trainLabels, test, testLabels, checkpointDir)
                .filter(java.util.Objects::nonNull)
                .toArray(String[]::new);
    }

    /** These paths with {@code rewrite} applied to each that is given. */
    TrainingPaths map(UnaryOperator<String> rewrite) {
        return new TrainingPaths(
                apply(rewrite, train),
                apply(rewrite, trainLabels),
                apply(rewrite, test),
                apply(rewrite, testLabels),
                apply(rewrite, checkpointDir));
    }

    private static String apply(UnaryOperator<String> rewrite, String path) {
        return path == null ? null : rewrite.apply(path);
    }
}
