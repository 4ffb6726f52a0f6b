package org.sparkmlp.bench.spark;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} against the clock, on the same cached rows. MLlib has no
 * per-iteration callback, so its curve is made of whole fits:
 * <ul>
 *   <li>l-bfgs (its default): separate fits from the same seed with growing {@code maxIter}. Each point is
 *       exactly where the default solver is after that many iterations, and its time is what a user waits for
 *       that fit. Beyond the last of them, that fit is continued in chunks with {@code setInitialWeights}, which
 *       is cheaper but restarts l-bfgs's curvature history at every chunk (a few slower iterations each time).</li>
 *   <li>gd: continued in chunks with {@code setInitialWeights}; the seconds add up. Gradient descent keeps no
 *       history, but MLlib's step size μ/√t restarts with every chunk, so later chunks take larger steps than one
 *       long fit would.</li>
 * </ul>
 * Evaluation time is never counted, and neither is a first one-iteration fit that loads MLlib's classes and warms
 * up the JIT.
 */
final class MllibRace {
    private MllibRace() {}

    /**
     * Separate fits with each of {@code maxIterations} (ascending), then the last fit continued in chunks of
     * {@code chunk} iterations up to {@code continueTo} in total (cheaper than more separate fits of that length).
     */
    static AccuracyCurve lbfgs(
            BenchData data, int[] layers, long seed, int[] maxIterations, int chunk, int continueTo) {
        classifier(layers, seed, "l-bfgs").setMaxIter(1).fit(data.trainFrame());
        AccuracyCurve curve = new AccuracyCurve("MLlib l-bfgs (default), block 128");
        MultilayerPerceptronClassificationModel model = null;
        double seconds = 0;
        long iterations = 0;
        for (int maxIter : maxIterations) {
            long started = System.nanoTime();
            model = classifier(layers, seed, "l-bfgs").setMaxIter(maxIter).fit(data.trainFrame());
            seconds = (System.nanoTime() - started) / 1e9;
            iterations = model.summary().totalIterations();
            curve.add(seconds, iterations, accuracy(model, data));
        }
        while (iterations + chunk <= continueTo) {
            long started = System.nanoTime();
            model = classifier(layers, seed, "l-bfgs")
                    .setMaxIter(chunk)
                    .setInitialWeights(model.weights())
                    .fit(data.trainFrame());
            seconds += (System.nanoTime() - started) / 1e9;
            iterations += model.summary().totalIterations();
            curve.add(seconds, iterations, accuracy(model, data));
        }
        return curve;
    }

    static AccuracyCurve gd(BenchData data, int[] layers, long seed, int chunk, int chunks) {
        AccuracyCurve curve = new AccuracyCurve("MLlib gd (step 0.03), block 128");
        MultilayerPerceptronClassificationModel model = null;
        double seconds = 0;
        long iterations = 0;
        for (int c = 0; c < chunks; c++) {
            MultilayerPerceptronClassifier mlp = classifier(layers, seed, "gd").setMaxIter(chunk);
            if (model != null) {
                mlp.setInitialWeights(model.weights());
            }
            long started = System.nanoTime();
            model = mlp.fit(data.trainFrame());
            seconds += (System.nanoTime() - started) / 1e9;
            iterations += model.summary().totalIterations();
            curve.add(seconds, iterations, accuracy(model, data));
        }
        return curve;
    }

    private static MultilayerPerceptronClassifier classifier(int[] layers, long seed, String solver) {
        return new MultilayerPerceptronClassifier()
                .setLayers(layers)
                .setSeed(seed)
                .setSolver(solver);
    }

    private static double accuracy(MultilayerPerceptronClassificationModel model, BenchData data) {
        return new MulticlassClassificationEvaluator()
                .setMetricName("accuracy")
                .evaluate(model.transform(data.testFrame()));
    }
}
