package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Our {@code MlpClassifier} against MLlib's {@code MultilayerPerceptronClassifier} on the hashed manual pages, each
 * contender at each feature count in a JVM of its own ({@link SparseContender}) with the same heap limit: an
 * OutOfMemoryError ends that JVM alone ({@code -XX:+ExitOnOutOfMemoryError}), and each JVM's peak memory is its
 * contender's. The JVMs get this JVM's options but its heap limit, and this session's Spark settings but the ones
 * that belong to one running application; each one's output goes to its log beside the corpus.
 */
final class SparseRace {
    /** Settings of this running application that a new one must not inherit. */
    private static final Set<String> APPLICATION_KEYS = Set.of(
            "spark.app.id",
            "spark.app.name",
            "spark.app.startTime",
            "spark.app.submitTime",
            "spark.app.initial.jar.urls",
            "spark.driver.host",
            "spark.driver.port",
            "spark.executor.id",
            "spark.jars",
            "spark.repl.local.jars",
            "spark.submit.deployMode",
            "spark.submit.pyFiles",
            "spark.ui.port");

    /** The contenders' budgets and limits. */
    record Settings(String heap, int ourEpochs, int mllibIterations, long timeoutSeconds) {}

    private SparseRace() {}

    /** Every contender at every feature count, ours first; a failure is a result, never an exception. */
    static List<SparseResult> run(SparkConf conf, SparseCorpus.Written corpus, int[] features, Settings settings)
            throws IOException, InterruptedException {
        List<SparseResult> results = new ArrayList<>();
        for (int n : features) {
            for (String contender : List.of("ours", "mllib")) {
                int budget = contender.equals("ours") ? settings.ourEpochs() : settings.mllibIterations();
                SparkBenchmark.progress("sparse: " + contender + " at " + n + " features, -Xmx" + settings.heap());
                results.add(contend(conf, corpus.directory(), contender, n, budget, settings));
            }
        }
        return results;
    }

    private static SparseResult contend(
            SparkConf conf, Path corpus, String contender, int features, int budget, Settings settings)
            throws IOException, InterruptedException {
        String name = contender + "-" + features;
        Path result = corpus.resolveSibling(name + ".properties");
        Path log = corpus.resolveSibling(name + ".log");
        Files.deleteIfExists(result);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-Xmx" + settings.heap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        for (Map.Entry<String, String> setting : childSettings(conf).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SparseContender.class.getName(),
                contender,
                Integer.toString(features),
                corpus.toString(),
                Integer.toString(budget),
                result.toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Properties measured = new Properties();
        if (Files.exists(result)) {
            try (InputStream in = Files.newInputStream(result)) {
                measured.load(in);
            }
        }
        SparseResult.Outcome outcome = SparseResult.outcome(
                exited,
                exited ? process.exitValue() : -1,
                Files.exists(result),
                Files.readString(log, StandardCharsets.UTF_8));
        return new SparseResult(contender, features, outcome, seconds, measured);
    }

    /** This JVM's options without its heap sizes, which each contender gets its own of. */
    static List<String> jvmOptions(List<String> options) {
        return options.stream()
                .filter(o -> !o.startsWith("-Xmx")
                        && !o.startsWith("-Xms")
                        && !o.startsWith("-XX:MaxHeapSize")
                        && !o.startsWith("-XX:InitialHeapSize"))
                .toList();
    }

    /** This session's settings for a new local application of its own: no UI, none of this one's identity. */
    static Map<String, String> childSettings(SparkConf conf) {
        Map<String, String> settings = new TreeMap<>();
        for (Tuple2<String, String> setting : conf.getAll()) {
            if (!APPLICATION_KEYS.contains(setting._1())) {
                settings.put(setting._1(), setting._2());
            }
        }
        settings.put("spark.ui.enabled", "false");
        return settings;
    }
}
