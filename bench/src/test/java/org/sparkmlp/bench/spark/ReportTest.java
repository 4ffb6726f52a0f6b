package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.job.train.Engine;

class ReportTest {
    private static AccuracyCurve curve(String system, double... secondsAndAccuracy) {
        AccuracyCurve curve = new AccuracyCurve(system);
        for (int i = 0; i < secondsAndAccuracy.length; i += 2) {
            curve.add(secondsAndAccuracy[i], i + 1, secondsAndAccuracy[i + 1]);
        }
        return curve;
    }

    @Test
    void theRaceReportsRatiosAgainstMllibAndWhetherTheTargetsAreMet() {
        Report report = new Report();
        report.raceTable(
                List.of(
                        curve("spark-mlp adam", 3, 0.82, 6, 0.86, 12, 0.881),
                        curve("MLlib l-bfgs", 30, 0.75, 90, 0.851)),
                128,
                60_000);
        String text = report.text();
        assertTrue(text.contains("| spark-mlp adam | 3.0 s | 6.0 s | 12.0 s | 0.8810 |"), text);
        assertTrue(text.contains("to 0.85: MLlib l-bfgs 90.0 s, spark-mlp 6.0 s: spark-mlp **15.0×** faster"), text);
        assertTrue(text.contains("to 0.88: MLlib l-bfgs did not reach it in 90.0 s (spark-mlp: 12.0 s)"), text);
        assertTrue(text.contains("shorter than MLlib's default solver — 15.0×: **met**"), text);
        assertTrue(text.contains("within 30 s of training — 12.0 s: **met**"), text);
    }

    @Test
    void aTargetOutOfReachIsReportedMissed() {
        Report report = new Report();
        report.raceTable(List.of(curve("spark-mlp sgd", 40, 0.84), curve("MLlib l-bfgs", 90, 0.851)), 128, 60_000);
        String text = report.text();
        assertTrue(text.contains("to 0.85: spark-mlp did not reach it"), text);
        assertTrue(text.contains("not reached (best 0.8400): **missed**"), text);
    }

    @Test
    void throughputIsComparedWithTheSingleProcessTrainerOnTheSameCores() {
        Report report = new Report();
        report.throughputTable(3, List.of(new Throughput.Row(1024, 30_000, 33_000, 40_000)));
        String text = report.text();
        assertTrue(text.contains("| 1024 | 30,000 | 33,000 | 0.91 | 40,000 | **0.75** |"), text);
        assertTrue(text.contains("on the same cores — 0.75: **met**"), text);
        assertTrue(text.contains("the median of 3 rounds"), text);
    }

    @Test
    void theStorageTableComparesEachKindsCopyWithFloat64s() {
        Report report = new Report();
        report.storageTable(List.of(
                new StorageFootprint.Result(FeatureStorage.FLOAT64, 6284, 377_000_000, 10, 3_770_400_000L),
                new StorageFootprint.Result(FeatureStorage.FLOAT32, 3148, 188_900_000, 10, 1_888_800_000L),
                new StorageFootprint.Result(FeatureStorage.UINT8, 796, 47_800_000, 10, 477_600_000L)));
        String text = report.text();
        assertTrue(text.contains("| uint8 | 796 | 47.8 MB | 477.6 MB | 0.127 |"), text);
        assertTrue(text.contains("≤ 1/7 of float64's memory — 1/7.9: **met**"), text);
    }

    @Test
    void thePrecisionTableGivesEachEngineItsRatiosAndTargetLine() {
        Report report = new Report();
        double[] none = {0, 0, 0};
        report.precisionTable(
                2,
                List.of(
                        new PrecisionComparison.Speed(512, Engine.JOBS, new double[] {20_000, 21_000, 26_000}, none),
                        new PrecisionComparison.Speed(512, Engine.BARRIER, new double[] {30_000, 30_000, 45_000}, none),
                        new PrecisionComparison.Speed(1024, Engine.JOBS, new double[] {30_000, 31_000, 45_000}, none),
                        new PrecisionComparison.Speed(
                                1024, Engine.BARRIER, new double[] {40_000, 41_000, 72_000}, none)),
                new PrecisionComparison.Accuracy(512, 2, new double[] {0.86, 0.861, 0.862}));
        String text = report.text();
        assertTrue(text.contains("| 1024 | barrier | --precision float32 | 72,000 | 1.80× |"), text);
        assertTrue(text.contains("| 512 | jobs | --precision float32 | 26,000 | 1.30× |"), text);
        assertTrue(
                text.contains("FP32 compute ≥ 1.7× FP64 samples/s at batch 1024, jobs engine — 1.50×: **missed**"),
                text);
        assertTrue(
                text.contains("FP32 compute ≥ 1.7× FP64 samples/s at batch 1024, barrier engine — 1.80×: **met**"),
                text);
        assertFalse(text.contains("at batch 512, "), text);
    }
}
