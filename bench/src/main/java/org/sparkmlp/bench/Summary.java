package org.sparkmlp.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with its usual command line, then prints what the raw scores mean: examples per second and GEMM
 * GFLOP/s (counted by {@link PassGemms}), and for backprop the fraction of the raw GEMM pass rate it reaches on
 * the same backend and batch. Listing and help requests go straight to JMH.
 */
public final class Summary {
    private Summary() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.shouldHelp()
                || options.shouldList()
                || options.shouldListWithParams()
                || options.shouldListProfilers()
                || options.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        print(new Runner(options).run());
    }

    private static void print(Collection<RunResult> results) {
        String format = "%-36s %-7s %5s %16s %10s %8s %8s%n";
        System.out.println();
        System.out.printf(
                Locale.ROOT, format, "Benchmark", "backend", "batch", "ops/s", "samples/s", "GFLOP/s", "vs GEMM");
        for (RunResult result : results) {
            BenchmarkParams p = result.getParams();
            double ops = opsPerSecond(result);
            String batch = p.getParam("batch");
            System.out.printf(
                    Locale.ROOT,
                    format,
                    shortName(p),
                    p.getParam("backend"),
                    batch == null ? "" : batch,
                    fixed(ops, 1) + " ± " + fixed(ops * relativeError(result), 1),
                    batch == null ? "" : fixed(ops * Integer.parseInt(batch), 0),
                    fixed(ops * flops(p) / 1e9, 2),
                    gemmPassOpsPerSecond(results, p)
                            .map(gemm -> fixed(ops / gemm, 2))
                            .orElse(""));
        }
        System.out.println(
                "± is JMH's 99.9% confidence interval. GFLOP/s counts GEMM FLOPs only. vs GEMM: FP64 backprop"
                        + " GFLOP/s ÷ GemmBenchmark.pass GFLOP/s, same backend and batch. sgemm and …Float32 are FP32.");
    }

    /** GEMM FLOPs of one operation of the benchmark. */
    private static long flops(BenchmarkParams p) {
        return switch (simpleClassName(p)) {
            case "GemmBenchmark", "BackpropBenchmark" ->
                PassGemms.flops(PassGemms.MLP, Integer.parseInt(p.getParam("batch")));
            case "SingleGemmBenchmark" -> SingleGemmBenchmark.SHAPE.flops();
            default -> throw new IllegalArgumentException("no FLOP count for " + p.getBenchmark());
        };
    }

    /** For a backprop result, the ops/s of the raw GEMM pass with the same backend and batch, if it was run. */
    private static Optional<Double> gemmPassOpsPerSecond(Collection<RunResult> results, BenchmarkParams backprop) {
        if (!backprop.getBenchmark().endsWith("BackpropBenchmark.accumulateGradient")) {
            return Optional.empty();
        }
        return results.stream()
                .filter(r -> simpleClassName(r.getParams()).equals("GemmBenchmark"))
                .filter(r -> r.getParams().getParam("backend").equals(backprop.getParam("backend"))
                        && r.getParams().getParam("batch").equals(backprop.getParam("batch")))
                .map(Summary::opsPerSecond)
                .findFirst();
    }

    /** The score as operations per second, whatever mode and time unit JMH was told to use. */
    private static double opsPerSecond(RunResult result) {
        BenchmarkParams p = result.getParams();
        double unitsPerSecond = 1e9 / p.getTimeUnit().toNanos(1);
        double score = result.getPrimaryResult().getScore();
        return p.getMode() == Mode.Throughput ? score * unitsPerSecond : unitsPerSecond / score;
    }

    private static double relativeError(RunResult result) {
        double error = result.getPrimaryResult().getScoreError();
        return Double.isNaN(error) ? 0.0 : error / result.getPrimaryResult().getScore();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String simpleClassName(BenchmarkParams p) {
        String name = p.getBenchmark();
        String className = name.substring(0, name.lastIndexOf('.'));
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String shortName(BenchmarkParams p) {
        String name = p.getBenchmark();
        return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
    }
}
