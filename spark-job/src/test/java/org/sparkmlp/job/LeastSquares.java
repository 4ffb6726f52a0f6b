package org.sparkmlp.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline a regression network must match: ordinary least squares with an intercept on features
 * standardised with the training rows' means and standard deviations, solved from the normal equations by
 * Gaussian elimination with partial pivoting.
 */
public final class LeastSquares {
    private final double[] mean;
    private final double[] stdDev;
    /** β_0 (the intercept), then one coefficient per standardised feature. */
    private final double[] beta;

    private LeastSquares(double[] mean, double[] stdDev, double[] beta) {
        this.mean = mean;
        this.stdDev = stdDev;
        this.beta = beta;
    }

    /** A CSV training and test file with the label in column {@code label}, every other column a feature. */
    public record Split(double[][] trainX, double[] trainY, double[][] testX, double[] testY) {}

    public static Split read(Path train, Path test, String label) throws IOException {
        double[][][] a = csv(train, label);
        double[][][] b = csv(test, label);
        return new Split(a[0], a[1][0], b[0], b[1][0]);
    }

    private static double[][][] csv(Path file, String label) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int y = Arrays.asList(lines.get(0).split(",")).indexOf(label);
        double[][] x = new double[lines.size() - 1][];
        double[] targets = new double[lines.size() - 1];
        for (int r = 1; r < lines.size(); r++) {
            double[] cells = Arrays.stream(lines.get(r).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            targets[r - 1] = cells[y];
            double[] features = new double[cells.length - 1];
            for (int i = 0, j = 0; i < cells.length; i++) {
                if (i != y) {
                    features[j++] = cells[i];
                }
            }
            x[r - 1] = features;
        }
        return new double[][][] {x, {targets}};
    }

    public static LeastSquares fit(double[][] x, double[] y) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] stdDev = new double[d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                mean[i] += row[i] / n;
            }
        }
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                stdDev[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / n;
            }
        }
        for (int i = 0; i < d; i++) {
            stdDev[i] = stdDev[i] == 0 ? 1 : Math.sqrt(stdDev[i]);
        }
        // the normal equations (AᵀA) β = Aᵀy with A = [1, standardised x]
        int m = d + 1;
        double[][] system = new double[m][m + 1];
        for (int r = 0; r < n; r++) {
            double[] a = design(x[r], mean, stdDev);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    system[i][j] += a[i] * a[j];
                }
                system[i][m] += a[i] * y[r];
            }
        }
        return new LeastSquares(mean, stdDev, solve(system));
    }

    public double predict(double[] x) {
        double[] a = design(x, mean, stdDev);
        double p = 0;
        for (int i = 0; i < a.length; i++) {
            p += beta[i] * a[i];
        }
        return p;
    }

    public double rmse(double[][] x, double[] y) {
        double squares = 0;
        for (int r = 0; r < x.length; r++) {
            double e = predict(x[r]) - y[r];
            squares += e * e;
        }
        return Math.sqrt(squares / x.length);
    }

    private static double[] design(double[] x, double[] mean, double[] stdDev) {
        double[] a = new double[x.length + 1];
        a[0] = 1;
        for (int i = 0; i < x.length; i++) {
            a[i + 1] = (x[i] - mean[i]) / stdDev[i];
        }
        return a;
    }

    /** Solves the augmented m × (m + 1) system in place. */
    private static double[] solve(double[][] s) {
        int m = s.length;
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(s[r][c]) > Math.abs(s[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = s[c];
            s[c] = s[pivot];
            s[pivot] = swap;
            for (int r = c + 1; r < m; r++) {
                double f = s[r][c] / s[c][c];
                for (int k = c; k <= m; k++) {
                    s[r][k] -= f * s[c][k];
                }
            }
        }
        double[] beta = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double v = s[r][m];
            for (int k = r + 1; k < m; k++) {
                v -= s[r][k] * beta[k];
            }
            beta[r] = v / s[r][r];
        }
        return beta;
    }
}
