package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void quickModeRunsEverySectionOnTheSampleWithFewIterations() {
        BenchOptions quick = BenchOptions.parse("--quick");
        assertEquals(Path.of("data/fashion-mnist-sample"), quick.data());
        assertArrayEquals(new int[] {2, 4}, quick.lbfgsIterations());
        assertEquals(2, quick.epochs());
        SparkBenchmark.sections().forEach(section -> assertTrue(quick.runs(section), section));
    }

    @Test
    void theFullRunUsesTheInstalledDataset() {
        BenchOptions full = BenchOptions.parse();
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), full.data());
        assertArrayEquals(new int[] {128, 1024, 4096}, full.throughputBatches());
    }

    @Test
    void theRaceRunsAdamWithACosineDecayAtBatch512ForTenEpochs() {
        BenchOptions full = BenchOptions.parse();
        assertEquals(new Recipe("784-256-128-10", "adam", 0.003, "cosine", 1), full.recipe());
        assertEquals(512, full.batch());
        assertEquals(10, full.epochs());
        assertEquals(
                "constant",
                BenchOptions.parse("--lr-schedule", "constant").recipe().schedule());
    }

    @Test
    void sectionsCanBeChosen() {
        BenchOptions options = BenchOptions.parse("--sections", "race,overhead");
        assertTrue(options.runs("race"));
        assertFalse(options.runs("mllib"));
    }

    @Test
    void anUnknownSectionOrOptionIsAnError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--sections", "race,speed"));
        assertTrue(e.getMessage().contains("[speed]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast"));
    }

    @Test
    void helpIsNotARun() {
        assertNull(BenchOptions.parse("--help"));
    }
}
