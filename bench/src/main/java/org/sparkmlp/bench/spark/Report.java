package org.sparkmlp.bench.spark;

import java.util.List;
import java.util.Locale;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.corpora.ManPageCorpus;

/** The benchmark's report in Markdown: one table per section, the ratios, and each target met or missed. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    String text() {
        return text.toString();
    }

    void heading(String title) {
        text.append("# ").append(title).append("\n\n");
    }

    void line(String line) {
        text.append(line).append("\n\n");
    }

    /** The first curve is ours; the second, if any, MLlib's default solver. */
    void raceTable(List<AccuracyCurve> curves, int ourBatch, long trainRows) {
        text.append("## Time to test accuracy (training wall time, evaluation excluded)\n\n");
        text.append("| system | to 0.80 | to 0.85 | to 0.88 | final accuracy | iterations | seconds | samples/s |\n");
        text.append("|---|---|---|---|---|---|---|---|\n");
        for (AccuracyCurve curve : curves) {
            boolean ours = curve.system().startsWith("spark-mlp");
            AccuracyCurve.Point last = curve.last();
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.4f | %d | %.1f | %,.0f |%n",
                    curve.system(),
                    seconds(curve.secondsTo(0.80)),
                    seconds(curve.secondsTo(0.85)),
                    seconds(curve.secondsTo(0.88)),
                    last.accuracy(),
                    last.iterations(),
                    last.seconds(),
                    curve.samplesPerSecond(ours ? ourBatch : trainRows)));
        }
        text.append("\nMLlib's samples/s count one pass over the training set per optimizer iteration (l-bfgs's line "
                + "search may take more). Its l-bfgs points are separate fits with growing maxIter from the same "
                + "seed (times include each fit's setup), then the last of them continued in chunks with "
                + "setInitialWeights (l-bfgs's history restarts at each chunk); its gd points continue one fit in "
                + "chunks. MLlib's hidden layers are sigmoid (not configurable).\n\n");
        AccuracyCurve ours = curves.get(0);
        for (AccuracyCurve other : curves.subList(1, curves.size())) {
            for (double target : SparkBenchmark.TARGETS) {
                text.append(String.format(
                        Locale.ROOT,
                        "- to %.2f: %s%n",
                        target,
                        ratio(other.secondsTo(target), ours.secondsTo(target), other)));
            }
        }
        if (curves.size() > 1 && curves.get(0).system().startsWith("spark-mlp")) {
            double speedup = curves.get(1).secondsTo(0.85) / ours.secondsTo(0.85);
            target(
                    "time to 0.85 at least 10× shorter than MLlib's default solver",
                    speedup >= 10,
                    Double.isNaN(speedup)
                            ? "not measurable: " + reachedNote(ours, curves.get(1), 0.85)
                            : String.format(Locale.ROOT, "%.1f×", speedup));
        }
        double to88 = ours.secondsTo(0.88);
        target(
                "0.88 test accuracy within 30 s of training",
                to88 <= 30,
                Double.isNaN(to88)
                        ? "not reached (best " + String.format(Locale.ROOT, "%.4f", best(ours)) + ")"
                        : seconds(to88));
        text.append("\n");
    }

    void throughputTable(int rounds, List<Throughput.Row> rows) {
        text.append("## Throughput: the Spark trainer against core-math's single-process trainer (epoch 2)\n\n");
        text.append(
                rounds == 1
                        ? "Samples/s of one round.\n\n"
                        : String.format(
                                Locale.ROOT,
                                "Samples/s: the median of %d rounds, the trainers alternating.%n%n",
                                rounds));
        text.append("| batch | spark-mlp samples/s | single process, 1 BLAS thread | ratio | single process, all cores "
                + "| ratio (Spark overhead) |\n|---|---|---|---|---|---|\n");
        for (Throughput.Row row : rows) {
            text.append(String.format(
                    Locale.ROOT,
                    "| %d | %,.0f | %,.0f | %.2f | %,.0f | **%.2f** |%n",
                    row.batch(),
                    row.ours(),
                    row.single(),
                    row.ours() / row.single(),
                    row.singleAllCores(),
                    row.ours() / row.singleAllCores()));
        }
        text.append("\n");
        rows.stream()
                .filter(r -> r.batch() == 1024)
                .findFirst()
                .ifPresent(r -> target(
                        "throughput at batch 1024 at least 0.70 of the single-process trainer on the same cores",
                        r.ours() / r.singleAllCores() >= 0.70,
                        String.format(Locale.ROOT, "%.2f", r.ours() / r.singleAllCores())));
        text.append("\n");
    }

    void overheadTable(List<FixedOverhead.Measured> jobs) {
        double floor = jobs.get(0).millis();
        text.append("## Fixed cost of an iteration (median ms per job)\n\n");
        text.append("Spark's account (listener events, 1 ms resolution): *DAG* job start → stage submitted; *launch* "
                + "stage submitted → first task launched (task binary serialized and broadcast, offers); per task "
                + "*deser.*, *run*, *result ser.* and the *rest* of its time on the executor; *after* its last task "
                + "→ job end (result fetched and deserialized, job completed); *outside* = wall − job, the driver's "
                + "own time between jobs (for our iterations: broadcast, optimizer step, destroy).\n\n");
        text.append("| job | wall | × count() | job | DAG | launch | deser. | run | result ser. | rest | after "
                + "| outside |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FixedOverhead.Measured m : jobs) {
            JobAnatomy.Phases p = m.phases();
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    m.job(),
                    m.millis(),
                    m.millis() / floor,
                    p.job(),
                    p.schedule(),
                    p.launch(),
                    p.deserialize(),
                    p.run(),
                    p.serializeResult(),
                    p.executorOther(),
                    p.finish(),
                    m.millis() - p.job()));
        }
        text.append("\n");
        double ratio = jobs.get(2).millis() / floor;
        target(
                "per-iteration overhead (tiny network) at most 1.3× the trivial job",
                ratio <= 1.3,
                String.format(Locale.ROOT, "%.2f×", ratio));
        text.append("\n");
    }

    void scalingTable(DatasetScaling.Result r) {
        text.append("## Iteration time at batch 1024 against the dataset's size\n\n");
        text.append("Runs on the two data sets alternate; medians over all their iterations but each run's first.\n\n");
        text.append(
                "| data | rows | median ms/iteration | first iteration (sorts the epoch) ms |\n|---|---|---|---|\n");
        text.append(String.format(Locale.ROOT, "| 1× | %,d | %.1f | %.1f |%n", r.rows(), r.median(), r.first()));
        text.append(String.format(
                Locale.ROOT,
                "| %d× | %,d | %.1f | %.1f |%n",
                r.factor(),
                r.factor() * r.rows(),
                r.medianReplicated(),
                r.firstReplicated()));
        text.append(String.format(Locale.ROOT, "%nratio %d×/1×: **%.2f**%n%n", r.factor(), r.ratio()));
    }

    void storageTable(List<StorageFootprint.Result> results) {
        text.append("## Cached size of the training set by storage kind (Spark's storage info)\n\n");
        text.append("| storage | bytes per cached row | 1× cached | "
                + results.get(0).factor() + "× copy cached | against float64 |\n|---|---|---|---|---|\n");
        long float64 = results.stream()
                .filter(r -> r.kind() == FeatureStorage.FLOAT64)
                .findFirst()
                .orElseThrow()
                .cachedReplicated();
        for (StorageFootprint.Result r : results) {
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.1f MB | %.1f MB | %.3f |%n",
                    r.kind().cliName(),
                    r.bytesPerRow(),
                    r.cached() / 1e6,
                    r.cachedReplicated() / 1e6,
                    (double) r.cachedReplicated() / float64));
        }
        text.append('\n');
        StorageFootprint.Result uint8 = results.stream()
                .filter(r -> r.kind() == FeatureStorage.UINT8)
                .findFirst()
                .orElseThrow();
        double share = (double) uint8.cachedReplicated() / float64;
        target(
                "the " + uint8.factor() + "× copy cached as uint8 in ≤ 1/7 of float64's memory",
                share <= 1.0 / 7,
                String.format(Locale.ROOT, "1/%.1f", 1 / share));
        text.append('\n');
    }

    void precisionTable(int rounds, List<PrecisionComparison.Speed> speeds, PrecisionComparison.Accuracy accuracy) {
        PrecisionComparison.Variant[] variants = PrecisionComparison.Variant.values();
        text.append("## FP64, FP32 on the wire, FP32 compute (both engines, epoch 2, median of " + rounds
                + " alternating rounds)\n\n");
        text.append(
                "| batch | engine | arithmetic | samples/s | against float64 | max weight difference after 2 epochs "
                        + "(of the largest weight) |\n|---|---|---|---|---|---|\n");
        for (PrecisionComparison.Speed s : speeds) {
            for (PrecisionComparison.Variant v : variants) {
                text.append(String.format(
                        Locale.ROOT,
                        "| %d | %s | %s | %,.0f | %.2f× | %.2e |%n",
                        s.batch(),
                        s.engine().toString().toLowerCase(Locale.ROOT),
                        v.label,
                        s.samplesPerSecond()[v.ordinal()],
                        s.samplesPerSecond()[v.ordinal()] / s.samplesPerSecond()[0],
                        s.weightDifference()[v.ordinal()]));
            }
        }
        text.append(String.format(
                Locale.ROOT,
                "%ntest accuracy after %d epochs at batch %d (jobs engine):",
                accuracy.epochs(),
                accuracy.batch()));
        for (PrecisionComparison.Variant v : variants) {
            text.append(String.format(Locale.ROOT, " %s %.4f;", v.label, accuracy.testAccuracy()[v.ordinal()]));
        }
        text.append("\n\n");
        int largestBatch = speeds.get(speeds.size() - 1).batch();
        for (PrecisionComparison.Speed s : speeds) {
            if (s.batch() == largestBatch) {
                double speedup =
                        s.samplesPerSecond()[PrecisionComparison.Variant.FLOAT32.ordinal()] / s.samplesPerSecond()[0];
                target(
                        "FP32 compute ≥ 1.7× FP64 samples/s at batch " + largestBatch + ", "
                                + s.engine().toString().toLowerCase(Locale.ROOT) + " engine",
                        speedup >= 1.7,
                        String.format(Locale.ROOT, "%.2f×", speedup));
            }
        }
        double points = 100
                * (accuracy.testAccuracy()[PrecisionComparison.Variant.FLOAT32.ordinal()] - accuracy.testAccuracy()[0]);
        target(
                "FP32 test accuracy within ±0.3 points of FP64",
                Math.abs(points) <= 0.3,
                String.format(Locale.ROOT, "%+.2f points", points));
        text.append('\n');
    }

    /**
     * The sparse section: each contender at each feature count, the O(nnz) check (our sparse epoch against the same
     * recipe on dense rows of each row's non-zeros) and ours at the largest feature count against the smallest.
     */
    void sparseTable(SparseCorpus.Written corpus, SparseRace.Settings settings, List<SparseResult> results) {
        text.append("## Sparse data: hashed text, spark-mlp against MLlib (each in its own JVM, -Xmx")
                .append(settings.heap())
                .append(")\n\n");
        text.append(String.format(
                Locale.ROOT,
                "The manual pages of this machine labelled by their %d sections: %,d training and %,d test documents, "
                        + "`Tokenizer → HashingTF`. spark-mlp: features-%d-%d with ReLU, Adam μ=%s, batch %d, `storage auto`, "
                        + "%d epochs after a warm-up fit of as many. MLlib: the same layer sizes (sigmoid hidden layer), "
                        + "its default l-bfgs and block size, at most %d iterations, its epoch being an iteration (a "
                        + "pass over the training set; fit time over iterations, its stacking of the rows included). "
                        + "Local mode: the executors are threads of each contender's JVM, so peak memory is driver "
                        + "and executors together; the heap peak is the fullest heap just before a collection, the "
                        + "resident set's is the kernel's VmHWM.%n%n",
                ManPageCorpus.SECTIONS.size(),
                corpus.train(),
                corpus.test(),
                SparseContender.HIDDEN,
                ManPageCorpus.SECTIONS.size(),
                SparseContender.LEARNING_RATE,
                SparseContender.BATCH,
                settings.ourEpochs(),
                settings.mllibIterations()));
        text.append("| system | features | non-zeros per row | storage | done | seconds per epoch | test accuracy "
                + "| peak heap | peak RSS |\n|---|---|---|---|---|---|---|---|---|\n");
        for (SparseResult r : results) {
            String system = r.ours() ? "spark-mlp" : "MLlib l-bfgs";
            if (!r.done()) {
                text.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | — | — | — | — |%n",
                        system,
                        r.featuresLabel(),
                        Double.isNaN(r.meanNonZeros()) ? "—" : String.format(Locale.ROOT, "%.1f", r.meanNonZeros()),
                        r.ours() ? "auto" : "dense blocks",
                        r.failure()));
                continue;
            }
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f | %s | %d %s | %.2f | %.4f | %.0f MB | %.0f MB |%n",
                    system,
                    r.featuresLabel(),
                    r.meanNonZeros(),
                    r.storage(),
                    r.budgetDone(),
                    r.ours() ? "epochs" : "iterations",
                    r.epochSeconds(),
                    r.accuracy(),
                    r.peakHeapBytes() / 1e6,
                    r.peakResidentBytes() / 1e6));
        }
        text.append('\n');
        List<SparseResult> ours = results.stream().filter(SparseResult::ours).toList();
        for (SparseResult r : ours) {
            if (!r.done()) {
                continue;
            }
            double ratio = r.epochSeconds() / r.denseEpochSeconds();
            target(
                    "spark-mlp's sparse epoch at " + r.featuresLabel()
                            + " within 2× of the same rows' non-zeros run dense ("
                            + String.format(
                                    Locale.ROOT,
                                    "%d-%d-%d, float64: %.2f s per epoch",
                                    r.denseWidth(),
                                    SparseContender.HIDDEN,
                                    ManPageCorpus.SECTIONS.size(),
                                    r.denseEpochSeconds())
                            + ")",
                    ratio <= 2,
                    String.format(Locale.ROOT, "%.2f×", ratio));
            text.append(String.format(
                    Locale.ROOT,
                    "  - its training tasks alone (executors' run time per epoch, summed over tasks): %.2f s against "
                            + "%.2f s dense, **%.2f×**%n",
                    r.taskSeconds(),
                    r.denseTaskSeconds(),
                    r.taskSeconds() / r.denseTaskSeconds()));
            if (!Double.isNaN(r.lazyEpochSeconds())) {
                double lazyRatio = r.lazyEpochSeconds() / r.denseEpochSeconds();
                target(
                        "the same with lazy Adam (`--optimizer lazy-adam`, whose step covers only the minibatch's "
                                + "features), within 2× of the dense run",
                        lazyRatio <= 2,
                        String.format(
                                Locale.ROOT,
                                "%.2f s per epoch, %.2f×, test accuracy %.4f (Adam's: %.4f); its tasks %.2f s",
                                r.lazyEpochSeconds(),
                                lazyRatio,
                                r.lazyAccuracy(),
                                r.accuracy(),
                                r.lazyTaskSeconds()));
            }
        }
        if (ours.size() > 1 && ours.get(0).done() && ours.get(ours.size() - 1).done()) {
            SparseResult small = ours.get(0);
            SparseResult large = ours.get(ours.size() - 1);
            text.append(String.format(
                    Locale.ROOT,
                    "- spark-mlp's epoch at %s against %s: **%.2f×** (a dense first layer: %.0f×)%n",
                    large.featuresLabel(),
                    small.featuresLabel(),
                    large.epochSeconds() / small.epochSeconds(),
                    (double) large.features() / small.features()));
        }
        for (SparseResult mllib : results) {
            if (mllib.ours()) {
                continue;
            }
            SparseResult our = ours.stream()
                    .filter(r -> r.features() == mllib.features())
                    .findFirst()
                    .orElseThrow();
            if (!mllib.done()) {
                text.append(String.format(Locale.ROOT, "- MLlib at %s: %s%n", mllib.featuresLabel(), mllib.failure()));
            } else if (our.done()) {
                text.append(String.format(
                        Locale.ROOT,
                        "- at %s, MLlib's iteration takes **%.1f×** our epoch; its peak heap is %.1f× ours%n",
                        mllib.featuresLabel(),
                        mllib.epochSeconds() / our.epochSeconds(),
                        mllib.peakHeapBytes() / our.peakHeapBytes()));
            }
        }
        text.append('\n');
    }

    private void target(String what, boolean met, String measured) {
        text.append(String.format(Locale.ROOT, "- target: %s — %s: **%s**%n", what, measured, met ? "met" : "missed"));
    }

    private static String ratio(double theirs, double ours, AccuracyCurve other) {
        if (Double.isNaN(ours)) {
            return "spark-mlp did not reach it";
        }
        if (Double.isNaN(theirs)) {
            return String.format(
                    Locale.ROOT,
                    "%s did not reach it in %.1f s (spark-mlp: %.1f s)",
                    other.system(),
                    other.last().seconds(),
                    ours);
        }
        return String.format(
                Locale.ROOT,
                "%s %.1f s, spark-mlp %.1f s: spark-mlp **%.1f×** faster",
                other.system(),
                theirs,
                ours,
                theirs / ours);
    }

    private static String reachedNote(AccuracyCurve ours, AccuracyCurve theirs, double target) {
        return String.format(
                Locale.ROOT,
                "spark-mlp %s, %s %s",
                seconds(ours.secondsTo(target)),
                theirs.system(),
                seconds(theirs.secondsTo(target)));
    }

    private static double best(AccuracyCurve curve) {
        return curve.points().stream()
                .mapToDouble(AccuracyCurve.Point::accuracy)
                .max()
                .orElse(Double.NaN);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "—" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
