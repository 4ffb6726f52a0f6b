package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.core.linalg.Blas;
import org.sparkmlp.corpora.ManPageCorpus;
import org.sparkmlp.job.spark.Sessions;

/**
 * The end-to-end benchmark against Spark MLlib, in one Spark session on one cached copy of the data: time to test
 * accuracy for our trainer and MLlib's {@code MultilayerPerceptronClassifier} (l-bfgs and gd), throughput against
 * core-math's single-process trainer, the fixed per-iteration cost against a trivial Spark job, and iteration time
 * on 1× and 10× the data, what the cached data costs in each storage kind, FP32 against FP64 (speed, weights,
 * accuracy), and hashed text against MLlib ({@link SparseRace}). Prints a report with the ratios and writes it, the
 * accuracy curves (CSV) and their plot (PNG) to the output directory. Run it with {@code deploy/bench/spark}; {@code --help} lists the options.
 */
public final class SparkBenchmark {
    static final double[] TARGETS = {0.80, 0.85, 0.88};
    private static final Set<String> SECTIONS =
            Set.of("race", "mllib", "throughput", "overhead", "scaling", "storage", "precision", "sparse");

    private SparkBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        SparkSession spark = Sessions.start("spark-mlp benchmark", null);
        try {
            run(spark, options);
        } finally {
            spark.stop();
        }
    }

    /** Runs the chosen sections and writes the report, the curves CSV and the plot to {@code options.out()}. */
    static Report run(SparkSession spark, BenchOptions options) throws IOException, InterruptedException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Report report = new Report();
        report.heading("spark-mlp benchmark" + (options.quick() ? " (quick: sample data, few iterations)" : ""));
        report.line(String.format(
                Locale.ROOT,
                "master %s, %d partitions, BLAS %s, load average at start %s",
                sc.master(),
                options.partitions(),
                Blas.describe(Blas.get()),
                loadAverage()));
        long started = System.nanoTime();
        // the sparse section brings its own data
        BenchData data = SECTIONS.stream().anyMatch(s -> !s.equals("sparse") && options.runs(s))
                ? BenchData.load(spark, options.data(), options.partitions())
                : null;
        if (data != null) {
            report.line(String.format(
                    Locale.ROOT,
                    "data %s: %d training rows, %d test rows, cached (%.1f s)",
                    options.data(),
                    data.trainRows(),
                    data.test().count(),
                    (System.nanoTime() - started) / 1e9));
        }
        Recipe recipe = options.recipe();
        List<AccuracyCurve> curves = new ArrayList<>();

        if (options.runs("race")) {
            progress("our trainer against the clock");
            curves.add(OurRace.run(sc, data, recipe, options.batch(), options.epochs(), options.evaluateEvery()));
        }
        if (options.runs("mllib")) {
            progress("MLlib l-bfgs fits with maxIter " + Arrays.toString(options.lbfgsIterations()) + ", continued to "
                    + options.lbfgsContinueTo() + ", then gd");
            curves.add(MllibRace.lbfgs(
                    data,
                    recipe.layerSizes(),
                    recipe.seed(),
                    options.lbfgsIterations(),
                    options.lbfgsChunk(),
                    options.lbfgsContinueTo()));
            curves.add(MllibRace.gd(data, recipe.layerSizes(), recipe.seed(), options.gdChunk(), options.gdChunks()));
        }
        if (!curves.isEmpty()) {
            report.raceTable(curves, options.batch(), data.trainRows());
            Files.createDirectories(options.out());
            CurveFiles.writeCsv(curves, options.out().resolve("accuracy-vs-time.csv"));
            CurveFiles.writePng(curves, TARGETS, options.out().resolve("accuracy-vs-time.png"));
        }
        if (options.runs("throughput")) {
            progress("throughput at batch " + Arrays.toString(options.throughputBatches()));
            report.throughputTable(
                    options.throughputRounds(),
                    Throughput.measure(
                            sc,
                            data,
                            recipe,
                            options.throughputBatches(),
                            options.data(),
                            options.partitions(),
                            options.throughputRounds()));
        }
        if (options.runs("overhead")) {
            progress("fixed cost of an iteration");
            report.overheadTable(FixedOverhead.measure(
                    sc, recipe, options.partitions(), options.batch(), options.overheadIterations()));
        }
        if (options.runs("scaling")) {
            progress("iteration time on 1× and " + options.scalingFactor() + "× the data");
            report.scalingTable(DatasetScaling.measure(
                    sc,
                    data,
                    recipe,
                    options.scalingBatch(),
                    options.scalingFactor(),
                    options.scalingIterations(),
                    options.scalingRounds()));
        }
        if (options.runs("storage")) {
            progress("cached size of 1× and " + options.scalingFactor() + "× the data in each storage kind");
            report.storageTable(
                    StorageFootprint.measure(spark, options.data(), options.partitions(), options.scalingFactor()));
        }
        if (options.runs("precision")) {
            progress("FP64, FP32 wire and FP32 compute through both engines at batch "
                    + Arrays.toString(options.precisionBatches()));
            report.precisionTable(
                    options.throughputRounds(),
                    PrecisionComparison.speeds(
                            sc, data, recipe, options.precisionBatches(), options.throughputRounds()),
                    PrecisionComparison.accuracy(sc, data, recipe, options.batch(), options.epochs()));
        }
        if (options.runs("sparse")) {
            sparse(spark, options, report);
        }
        report.line(String.format(
                Locale.ROOT,
                "benchmark took %.0f s; load average at the end %s",
                (System.nanoTime() - started) / 1e9,
                loadAverage()));
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("report.md"), report.text(), StandardCharsets.UTF_8);
        System.out.print(report.text());
        return report;
    }

    /** The sparse section, or one line saying why it was skipped; writes sparse.csv and the contenders' logs. */
    private static void sparse(SparkSession spark, BenchOptions options, Report report)
            throws IOException, InterruptedException {
        progress("sparse: writing the manual-page corpus");
        Path directory = options.out().resolve("sparse");
        Files.createDirectories(directory);
        SparseCorpus.Written corpus =
                SparseCorpus.write(spark, options.sparsePerSection(), directory.resolve("corpus"));
        if (corpus == null) {
            report.line("sparse section skipped: " + ManPageCorpus.missing(options.sparsePerSection()));
            return;
        }
        List<SparseResult> results = SparseRace.run(
                spark.sparkContext().getConf(), corpus, options.sparseFeatures(), options.sparseSettings());
        report.sparseTable(corpus, options.sparseSettings(), results);
        List<String> csv = new ArrayList<>();
        csv.add(SparseResult.CSV_HEADER);
        results.forEach(r -> csv.add(r.csvLine()));
        Files.write(options.out().resolve("sparse.csv"), csv, StandardCharsets.UTF_8);
    }

    /** What the benchmark is doing now, on stderr: a full run takes minutes. */
    static void progress(String section) {
        System.err.println("bench: " + section + " ...");
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.copyOf(fields, 3));
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    static Set<String> sections() {
        return SECTIONS;
    }
}
