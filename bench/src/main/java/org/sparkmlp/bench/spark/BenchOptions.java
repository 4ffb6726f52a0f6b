package org.sparkmlp.bench.spark;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmark's command line. {@code --quick} swaps in the bundled sample and a few iterations of everything. */
@Command(
        name = "deploy/bench/spark",
        sortOptions = false,
        description = "End-to-end benchmark of spark-mlp against Spark MLlib's MultilayerPerceptronClassifier.")
final class BenchOptions {
    static final String USAGE = new CommandLine(new BenchOptions()).getUsageMessage();

    @Option(names = "--help", usageHelp = true, description = "This help.")
    boolean help;

    @Option(names = "--quick", description = "The bundled sample (--sample-data), few iterations: checks the harness.")
    boolean quick;

    @Option(
            names = "--data",
            description = "Directory with the Fashion-MNIST IDX files (default: "
                    + "/usr/share/datasets/fashion-mnist, or --sample-data with --quick).")
    Path data;

    @Option(
            names = "--sample-data",
            defaultValue = "data/fashion-mnist-sample",
            description = "The sample --quick uses (default: ${DEFAULT-VALUE}).")
    Path sampleData;

    @Option(
            names = "--out",
            defaultValue = "bench/target/spark-bench",
            description =
                    "Where report.md, accuracy-vs-time.csv and accuracy-vs-time.png go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--sections",
            split = ",",
            description =
                    "Any of race, mllib, throughput, overhead, scaling, storage, precision, sparse (default: all).")
    Set<String> sections;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            description = "Partitions of the cached data (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--optimizer", defaultValue = "adam", description = "Our update rule (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--lr", defaultValue = "0.003", description = "Our learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--lr-schedule",
            defaultValue = "cosine",
            description =
                    "constant, or cosine: from --lr down to 0 over all iterations of a run (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--batch", defaultValue = "512", description = "Our global minibatch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--epochs",
            description =
                    "Our epochs in the race and in the precision section's accuracy runs (default: 10; quick: 2).")
    Integer epochs;

    @Option(
            names = "--rounds",
            description = "Alternating rounds of the throughput and precision measurements (default: 3; quick: 1).")
    Integer rounds;

    @Option(
            names = "--lbfgs-iterations",
            split = ",",
            description = "maxIter of the separate MLlib l-bfgs fits (default: 25,50,100; quick: 2,4).")
    int[] lbfgsIterations;

    @Option(
            names = "--sparse-heap",
            defaultValue = "2g",
            description =
                    "The heap limit (-Xmx) of each contender's JVM in the sparse section (default: ${DEFAULT-VALUE}).")
    String sparseHeap;

    private static final long SEED = 1;

    /** The parsed options, or null when help was asked for. */
    static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (options.help) {
            return null;
        }
        if (options.sections == null) {
            options.sections = SparkBenchmark.sections();
        }
        Set<String> unknown = new TreeSet<>(options.sections);
        unknown.removeAll(SparkBenchmark.sections());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown sections " + unknown + "; expected " + new TreeSet<>(SparkBenchmark.sections()));
        }
        return options;
    }

    boolean quick() {
        return quick;
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    Path data() {
        return data != null ? data : quick ? sampleData : Path.of("/usr/share/datasets/fashion-mnist");
    }

    Path out() {
        return out;
    }

    int partitions() {
        return partitions;
    }

    Recipe recipe() {
        return new Recipe("784-256-128-10", rule, learningRate, schedule, SEED);
    }

    int batch() {
        return batch;
    }

    int epochs() {
        return epochs != null ? epochs : quick ? 2 : 10;
    }

    /** About four evaluations per epoch of the full data. */
    long evaluateEvery() {
        return quick ? 20 : Math.max(1, 60_000 / batch / 4);
    }

    int[] lbfgsIterations() {
        return lbfgsIterations != null ? lbfgsIterations : quick ? new int[] {2, 4} : new int[] {25, 50, 100};
    }

    /** Iterations of each continuation of the last l-bfgs fit. */
    int lbfgsChunk() {
        return quick ? 2 : 25;
    }

    /** l-bfgs iterations in all, the last fit's continuations included. */
    int lbfgsContinueTo() {
        return quick ? 6 : 200;
    }

    int gdChunk() {
        return quick ? 2 : 10;
    }

    int gdChunks() {
        return 2;
    }

    int[] throughputBatches() {
        return quick ? new int[] {128, 1024} : new int[] {128, 1024, 4096};
    }

    /** Batches of the FP32 against FP64 speed comparison. */
    int[] precisionBatches() {
        return new int[] {512, 1024};
    }

    /** Alternating rounds of the throughput measurements, each reported as the median of its rounds. */
    int throughputRounds() {
        return rounds != null ? rounds : quick ? 1 : 3;
    }

    int overheadIterations() {
        return quick ? 30 : 200;
    }

    int scalingBatch() {
        return 1024;
    }

    int scalingFactor() {
        return 10;
    }

    int scalingIterations() {
        return quick ? 8 : 20;
    }

    /** Manual pages per section in the sparse section's corpus. */
    int sparsePerSection() {
        return quick ? 24 : 250;
    }

    /** The feature counts of the sparse section: 2^16 and HashingTF's default 2^18 (quick: 2^16 alone). */
    int[] sparseFeatures() {
        return quick ? new int[] {1 << 16} : new int[] {1 << 16, 1 << 18};
    }

    SparseRace.Settings sparseSettings() {
        return new SparseRace.Settings(sparseHeap, quick ? 1 : 4, quick ? 1 : 10, quick ? 300 : 900);
    }

    int scalingRounds() {
        return quick ? 1 : 4;
    }
}
