package org.sparkmlp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmlp.core.train.MinibatchGather;

class FeatureBlockTest {
    /** Surefire runs in the module directory; the sample lives at the repository root. */
    private static final Path SAMPLE_IMAGES = Path.of("../data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz");

    private static final int ROWS = 300;

    @Test
    void uint8ReadsIdxPixelsAsExactlyTheDoublesOfTheIdxReader() throws IOException {
        double[] expected = IdxReader.readImages(open(), "sample", 0, ROWS);
        FeatureBlock bytes = new Uint8Block(IdxReader.readImageBytes(open(), "sample", 0, ROWS), 784);

        assertArrayEquals(expected, bytes.toDoubles());
        assertArrayEquals(expected, FeatureStorage.FLOAT64.pack(bytes).toDoubles());
        assertEquals(
                bytes.toDoubles().length,
                FeatureStorage.UINT8.pack(expected, 784).bytes());
        assertArrayEquals(expected, FeatureStorage.UINT8.pack(expected, 784).toDoubles(), "packing doubles as bytes");
    }

    @Test
    void everyKindCountsItsOwnBytes() throws IOException {
        double[] x = IdxReader.readImages(open(), "sample", 0, ROWS);
        assertEquals(8L * ROWS * 784, FeatureStorage.FLOAT64.pack(x, 784).bytes());
        assertEquals(4L * ROWS * 784, FeatureStorage.FLOAT32.pack(x, 784).bytes());
        assertEquals(1L * ROWS * 784, FeatureStorage.UINT8.pack(x, 784).bytes());
    }

    @Test
    void everyKindReadsRowsInFloat32AsItsDoublesRounded() throws IOException {
        double[] x = IdxReader.readImages(open(), "sample", 0, ROWS);
        for (FeatureStorage kind : FeatureStorage.values()) {
            FeatureBlock block = kind.pack(x, 784);
            double[] row = new double[784];
            float[] row32 = new float[784 + 3];
            for (int r = 0; r < ROWS; r += 37) {
                block.copyRow(r, row, 0);
                block.copyRow(r, row32, 3);
                for (int i = 0; i < 784; i++) {
                    assertEquals((float) row[i], row32[3 + i], kind + ", row " + r + ", feature " + i);
                }
            }
        }
    }

    @Test
    void packingRowByRowFromAnotherKindGivesTheBlockOfItsDoublesAndNoMoreBytes() throws IOException {
        FeatureBlock pixels = new Uint8Block(IdxReader.readImageBytes(open(), "sample", 0, ROWS), 784);
        double[] x = pixels.toDoubles();
        for (FeatureStorage kind : FeatureStorage.values()) {
            FeatureBlock fromDoubles = kind.pack(x, 784);
            FeatureBlock fromRows = kind.pack(2 * ROWS, 784, (r, row, offset) -> pixels.copyRow(r % ROWS, row, offset));
            double[] twice = new double[2 * x.length];
            System.arraycopy(x, 0, twice, 0, x.length);
            System.arraycopy(x, 0, twice, x.length, x.length);
            assertArrayEquals(kind.pack(twice, 784).toDoubles(), fromRows.toDoubles(), kind.cliName());
            assertEquals(
                    2 * fromDoubles.bytes() - (kind == FeatureStorage.SPARSE ? 4 : 0),
                    fromRows.bytes(),
                    kind + ": arrays of exactly the rows' size (one row-start entry of CSR is shared)");
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureStorage.UINT8.pack(1, 2, (r, row, offset) -> row[offset + 1] = 0.5));
        assertTrue(e.getMessage().contains("0.5 cannot be stored as uint8"), e.getMessage());
    }

    @Test
    void float32RoundsEachValueOnceToTheNearestFloat() {
        double[] x = {0.1, -1e-30, 1 / 3.0, 12345.678901234, 0, -0.0, 3e38, 1};
        FeatureBlock block = FeatureStorage.FLOAT32.pack(x, 4);
        double[] read = block.toDoubles();
        for (int i = 0; i < x.length; i++) {
            assertEquals((double) (float) x[i], read[i], "value " + i);
        }
        assertNull(block.storedDoubles(), "converted as it is read, never in place");
        assertSame(x, FeatureStorage.FLOAT64.pack(x, 4).storedDoubles(), "float64 is read in place");
    }

    @Test
    void aKindRefusesValuesItCannotHold() {
        assertTrue(FeatureStorage.UINT8.holds(0)
                && FeatureStorage.UINT8.holds(1)
                && FeatureStorage.UINT8.holds(7 / 255.0));
        assertFalse(FeatureStorage.UINT8.holds(0.5), "0.5 is not k/255");
        assertFalse(FeatureStorage.UINT8.holds(2), "beyond 255/255");
        assertFalse(FeatureStorage.UINT8.holds(-1 / 255.0));
        assertFalse(FeatureStorage.FLOAT32.holds(1e39));
        assertTrue(FeatureStorage.FLOAT64.holds(1e300));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FeatureStorage.UINT8.pack(new double[] {0, 0.5}, 2));
        assertTrue(e.getMessage().contains("0.5 cannot be stored as uint8"), e.getMessage());
    }

    @Test
    void gatheringFromEveryKindGivesTheRowsAsTheyAreRead() throws IOException {
        double[] x = IdxReader.readImages(open(), "sample", 0, ROWS);
        int[] labels = new int[ROWS];
        int[] order = {17, 3, 299, 0, 150, 3};
        for (FeatureStorage kind : FeatureStorage.values()) {
            FeatureBlock block = kind.pack(x, 784);
            MinibatchGather gather = new MinibatchGather(784, 2);
            gather.gather(block, Targets.classes(labels), order.length, c -> order[c]);
            double[] all = block.toDoubles();
            for (int c = 0; c < order.length; c++) {
                assertArrayEquals(
                        Arrays.copyOfRange(all, order[c] * 784, (order[c] + 1) * 784),
                        Arrays.copyOfRange(gather.features(), c * 784, (c + 1) * 784),
                        kind + " row " + order[c]);
            }
        }
    }

    @Test
    void inChunksHandsOverEveryRowOnceInOrder() throws IOException {
        double[] x = IdxReader.readImages(open(), "sample", 0, ROWS);
        for (FeatureStorage kind : FeatureStorage.values()) {
            FeatureBlock block = kind.pack(x, 784);
            List<Integer> starts = new ArrayList<>();
            double[] seen = new double[x.length];
            block.inChunks(128, (rows, offset, from, n) -> {
                starts.add(from);
                System.arraycopy(rows, offset, seen, from * 784, n * 784);
            });
            assertEquals(List.of(0, 128, 256), starts, kind.cliName());
            assertArrayEquals(block.toDoubles(), seen, kind.cliName());
        }
    }

    private static InputStream open() throws IOException {
        return Files.newInputStream(SAMPLE_IMAGES);
    }
}
