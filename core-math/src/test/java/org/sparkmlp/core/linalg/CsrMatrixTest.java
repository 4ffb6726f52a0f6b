package org.sparkmlp.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {

    @Test
    void keepsTheNonZerosOfDenseRowsAndGivesThemBack() {
        double[] dense = {0, 2, 0, 0, -1, 0, 0, 0, 0, 0, 0, 3, 5, 0, 0};
        CsrMatrix x = new CsrMatrix(5, 1, 1);
        for (int r = 0; r < 3; r++) {
            x.appendDenseRow(dense, r * 5);
        }
        assertEquals(3, x.rows());
        assertEquals(4, x.nonZeros());
        assertArrayEquals(new int[] {1, 4, 1, 2}, java.util.Arrays.copyOf(x.indices(), 4));
        assertEquals(2, x.rowStart(1));
        assertEquals(2, x.rowStart(2));
        assertArrayEquals(dense, x.toDense());
        x.trim();
        assertEquals(4 * 4 + 4 * 4 + 8 * 4, x.sizeInBytes());
        assertArrayEquals(dense, x.toDense());
    }

    @Test
    void rowsCopiedFromAnotherMatrixAfterAClearReuseTheBuffers() {
        CsrMatrix source = new CsrMatrix(4);
        source.appendRow(new int[] {0, 3}, new double[] {1, 2}, 0, 2);
        source.appendRow(new int[] {9, 2, 9}, new double[] {9, 7, 9}, 1, 2);
        CsrMatrix gathered = new CsrMatrix(4, 8, 8);
        gathered.appendRow(source, 0);
        gathered.clear();
        gathered.appendRow(source, 1);
        gathered.appendRow(source, 0);
        assertArrayEquals(new double[] {0, 0, 7, 0, 1, 0, 0, 2}, gathered.toDense());
    }

    @Test
    void refusesIndicesThatDoNotAscendOrLieOutside() {
        CsrMatrix x = new CsrMatrix(4);
        var descending = assertThrows(
                IllegalArgumentException.class, () -> x.appendRow(new int[] {2, 1}, new double[] {1, 1}, 0, 2));
        assertEquals("feature index 1 follows 2; indices must ascend", descending.getMessage());
        var repeated = assertThrows(
                IllegalArgumentException.class, () -> x.appendRow(new int[] {2, 2}, new double[] {1, 1}, 0, 2));
        assertEquals("feature index 2 follows 2; indices must ascend", repeated.getMessage());
        var outside =
                assertThrows(IllegalArgumentException.class, () -> x.appendRow(new int[] {4}, new double[] {1}, 0, 1));
        assertEquals("feature index 4 is outside [0, 4)", outside.getMessage());
        assertEquals(0, x.rows());
    }

    /** Both products against dense GEMM on the same rows, on a window of rows that does not start at 0. */
    @Test
    void productsEqualDenseGemmOnTheSameRows() {
        SplittableRandom random = new SplittableRandom(5);
        int d = 40;
        int m = 7;
        int rows = 12;
        double[] dense = new double[rows * d];
        for (int k = 0; k < dense.length; k++) {
            dense[k] = random.nextDouble() < 0.1 ? random.nextDouble(-1, 1) : 0.0;
        }
        CsrMatrix x = new CsrMatrix(d);
        for (int r = 0; r < rows; r++) {
            x.appendDenseRow(dense, r * d);
        }
        int from = 3;
        int n = 8;
        double[] w = random.doubles(3 + m * d, -1, 1).toArray();
        double[] a = random.doubles(m * n, -1, 1).toArray();
        double[] expectedA = a.clone();
        // spotless:off
        Blas.java().dgemm("N", "N", m, n, d, 1.0, w, 3, m, dense, from * d, d, 1.0, expectedA, 0, m);
        // spotless:on
        x.addProduct(w, 3, m, from, n, a);
        assertArrayEquals(expectedA, a, 1e-14);

        double[] delta = random.doubles(m * n, -1, 1).toArray();
        double[] g = random.doubles(5 + m * d, -1, 1).toArray();
        double[] expectedG = g.clone();
        // spotless:off
        Blas.java().dgemm("N", "T", m, d, n, 1.0, delta, 0, m, dense, from * d, d, 1.0, expectedG, 5, m);
        // spotless:on
        x.addTransposedProduct(delta, m, from, n, g, 5);
        assertArrayEquals(expectedG, g, 1e-14);
    }
}
