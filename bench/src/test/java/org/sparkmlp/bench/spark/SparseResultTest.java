package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparseResultTest {
    static SparseResult ours(int features, double epoch, double dense) {
        Properties p = new Properties();
        p.setProperty("storage", "sparse");
        p.setProperty("epochs", "4");
        p.setProperty("epochSeconds", Double.toString(epoch));
        p.setProperty("denseEpochSeconds", Double.toString(dense));
        p.setProperty("denseWidth", "253");
        p.setProperty("taskSeconds", "0.9");
        p.setProperty("denseTaskSeconds", "0.6");
        p.setProperty("lazyEpochSeconds", Double.toString(epoch / 2));
        p.setProperty("lazyAccuracy", "0.88");
        p.setProperty("lazyTaskSeconds", "0.5");
        p.setProperty("accuracy", "0.9");
        p.setProperty("meanNonZeros", "253.2");
        p.setProperty("peakHeapBytes", "400000000");
        p.setProperty("peakResidentBytes", "800000000");
        return new SparseResult("ours", features, SparseResult.Outcome.DONE, 30, p);
    }

    static SparseResult mllib(int features, SparseResult.Outcome outcome, double wall) {
        Properties p = new Properties();
        if (outcome == SparseResult.Outcome.DONE) {
            p.setProperty("iterations", "10");
            p.setProperty("epochSeconds", "8.0");
            p.setProperty("accuracy", "0.39");
            p.setProperty("meanNonZeros", "253.2");
            p.setProperty("peakHeapBytes", "1600000000");
            p.setProperty("peakResidentBytes", "2000000000");
        }
        return new SparseResult("mllib", features, outcome, wall, p);
    }

    @Test
    void theOutcomeComesFromHowTheJvmEndedAndItsLog() {
        assertEquals(SparseResult.Outcome.DONE, SparseResult.outcome(true, 0, true, "all fine"));
        assertEquals(
                SparseResult.Outcome.OUT_OF_MEMORY,
                SparseResult.outcome(true, 3, false, "Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        assertEquals(SparseResult.Outcome.TIMED_OUT, SparseResult.outcome(false, -1, false, ""));
        assertEquals(SparseResult.Outcome.FAILED, SparseResult.outcome(true, 1, false, "Exception in main"));
        assertEquals(SparseResult.Outcome.FAILED, SparseResult.outcome(true, 0, false, "no result written"));
    }

    @Test
    void aFailureIsReportedAsWhatHappenedAndItsCsvLineLeavesTheNumbersEmpty() {
        SparseResult oom = mllib(1 << 18, SparseResult.Outcome.OUT_OF_MEMORY, 41.4);
        assertEquals("2^18", oom.featuresLabel());
        assertEquals("out of memory after 41 s", oom.failure());
        assertEquals("mllib,262144,out_of_memory,41.400,,,,,,,,,,,", oom.csvLine());
        assertEquals(
                "ours,65536,done,30.000,2.00000,0.900000,4.00000e+08,8.00000e+08,253.200,1.50000,0.900000,0.600000,"
                        + "1.00000,0.880000,0.500000",
                ours(1 << 16, 2, 1.5).csvLine());
        assertEquals(
                SparseResult.CSV_HEADER.split(",").length,
                ours(1, 2, 1.5).csvLine().split(",").length);
    }

    @Test
    void theContendersJvmsGetThisSessionsSettingsButNotItsIdentityNorItsHeap() {
        SparkConf conf = new SparkConf(false)
                .set("spark.app.id", "local-1")
                .set("spark.driver.port", "40000")
                .set("spark.master", "local[2]")
                .set("spark.kryo.registrationRequired", "false");
        assertEquals(
                java.util.Map.of(
                        "spark.master", "local[2]",
                        "spark.kryo.registrationRequired", "false",
                        "spark.ui.enabled", "false"),
                SparseRace.childSettings(conf));
        assertEquals(
                List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dlog4j2.configurationFile=x"),
                SparseRace.jvmOptions(List.of(
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Xmx10g",
                        "-Dlog4j2.configurationFile=x",
                        "-Xms1g")));
    }

    @Test
    void theReportChecksONnzAndSaysWhatMllibDidWhenItFailed() {
        Report report = new Report();
        report.sparseTable(
                new SparseCorpus.Written(java.nio.file.Path.of("corpus"), 1159, 289),
                new SparseRace.Settings("2g", 4, 10, 900),
                List.of(
                        ours(1 << 16, 1.2, 1.0),
                        mllib(1 << 16, SparseResult.Outcome.DONE, 90),
                        ours(1 << 18, 3.0, 1.0),
                        mllib(1 << 18, SparseResult.Outcome.OUT_OF_MEMORY, 41.4)));
        String text = report.text();
        assertTrue(text.contains("1,159 training and 289 test documents"), text);
        assertTrue(
                text.contains("| spark-mlp | 2^16 | 253.2 | sparse | 4 epochs | 1.20 | 0.9000 | 400 MB | 800 MB |"),
                text);
        assertTrue(
                text.contains("| MLlib l-bfgs | 2^16 | 253.2 | dense blocks | 10 iterations | 8.00 | 0.3900 | 1600 MB"),
                text);
        assertTrue(text.contains("| MLlib l-bfgs | 2^18 | — | dense blocks | out of memory after 41 s |"), text);
        assertTrue(
                text.contains("at 2^16 within 2× of the same rows' non-zeros run dense (253-16-6, float64: 1.00 s "
                        + "per epoch) — 1.20×: **met**"),
                text);
        assertTrue(
                text.contains("its training tasks alone (executors' run time per epoch, summed over tasks): 0.90 s "
                        + "against 0.60 s dense, **1.50×**"),
                text);
        // lazy Adam's epoch is half Adam's here: 0.60 s at 2^16, 1.5 s at 2^18
        assertTrue(
                text.contains("within 2× of the dense run — 0.60 s per epoch, 0.60×, test accuracy 0.8800 "
                        + "(Adam's: 0.9000); its tasks 0.50 s: **met**"),
                text);
        assertTrue(text.contains("— 1.50 s per epoch, 1.50×"), text);
        assertTrue(text.contains("at 2^18 within 2×"), text);
        assertTrue(text.contains("— 3.00×: **missed**"), text);
        assertTrue(text.contains("epoch at 2^18 against 2^16: **2.50×** (a dense first layer: 4×)"), text);
        assertTrue(
                text.contains("at 2^16, MLlib's iteration takes **6.7×** our epoch; its peak heap is 4.0× ours"), text);
        assertTrue(text.contains("- MLlib at 2^18: out of memory after 41 s"), text);
    }
}
