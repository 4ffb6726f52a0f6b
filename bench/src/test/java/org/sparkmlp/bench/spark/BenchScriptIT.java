package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.corpora.ManPageCorpus;

/**
 * {@code deploy/bench/spark --quick}, as docs/performance.md tells users to run the benchmark: every section runs on the
 * bundled sample and the report, the curves and the plot are written. Only the harness is checked, never a timing.
 */
class BenchScriptIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @Test
    void theQuickRunReportsEverySectionAndWritesTheCurvesAndThePlot() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        ROOT.resolve("deploy/bench/spark").toString(), "--quick", "--out", out.toString())
                .directory(ROOT.toFile());
        builder.environment().put("BENCH_JAVA_OPTS", "-Xmx4g");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String report = read(process.getInputStream());
        assertTrue(process.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), err.join());
        assertFalse(err.join().contains("bench: building"), "the jar from package should be used as it is");

        assertEquals(report, Files.readString(out.resolve("report.md")));
        for (String heading : List.of(
                "## Time to test accuracy",
                "## Throughput",
                "## Fixed cost of an iteration",
                "## Iteration time at batch 1024",
                "## Cached size of the training set by storage kind",
                "## FP64, FP32 on the wire, FP32 compute (both engines",
                "at batch 1024, barrier engine")) {
            assertTrue(report.contains(heading), heading + " missing:\n" + report);
        }
        assertTrue(report.contains("data data/fashion-mnist-sample: 10000 training rows, 2000 test rows"), report);
        assertTrue(report.contains("| 10× | 100,000 |"), report);

        List<String> csv = Files.readAllLines(out.resolve("accuracy-vs-time.csv"));
        assertEquals("system,training_seconds,iterations,test_accuracy", csv.get(0));
        // ours: the start and every 20 iterations of 2 epochs of 20 (batch 512), the last of them the end; MLlib:
        // 2 l-bfgs fits, 1 continuation of the second to 6 iterations, 2 gd chunks
        assertEquals(
                1 + 2, csv.stream().filter(l -> l.startsWith("\"spark-mlp")).count(), String.join("\n", csv));
        assertEquals(3, csv.stream().filter(l -> l.startsWith("\"MLlib l-bfgs")).count());
        assertEquals(2, csv.stream().filter(l -> l.startsWith("\"MLlib gd")).count());
        assertNotNull(ImageIO.read(out.resolve("accuracy-vs-time.png").toFile()));
        // the sparse section at 2^16: ours and MLlib, each in its JVM, on the manual pages if the machine has them
        if (ManPageCorpus.read(BenchOptions.parse("--quick").sparsePerSection()).isEmpty()) {
            assertTrue(report.contains("sparse section skipped: too few manual pages"), report);
            return;
        }
        assertTrue(report.contains("## Sparse data: hashed text, spark-mlp against MLlib"), report);
        List<String> sparse = Files.readAllLines(out.resolve("sparse.csv"));
        assertEquals(SparseResult.CSV_HEADER, sparse.get(0));
        assertTrue(sparse.get(1).startsWith("ours,65536,done,"), String.join("\n", sparse));
        assertTrue(sparse.get(2).startsWith("mllib,65536,"), String.join("\n", sparse));
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
