package org.sparkmlp.bench.spark;

import java.util.ArrayList;
import java.util.List;

/** Test accuracy of one system against its training wall time (evaluation time excluded), in the order measured. */
final class AccuracyCurve {
    /** One evaluation: after {@code iterations} optimizer steps and {@code seconds} of training. */
    record Point(double seconds, long iterations, double accuracy) {}

    private final String system;
    private final List<Point> points = new ArrayList<>();

    AccuracyCurve(String system) {
        this.system = system;
    }

    String system() {
        return system;
    }

    void add(double seconds, long iterations, double accuracy) {
        points.add(new Point(seconds, iterations, accuracy));
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    /** Training seconds at the first evaluation that reached {@code accuracy}, or NaN if none did. */
    double secondsTo(double accuracy) {
        return points.stream()
                .filter(p -> p.accuracy() >= accuracy)
                .mapToDouble(Point::seconds)
                .findFirst()
                .orElse(Double.NaN);
    }

    Point last() {
        return points.get(points.size() - 1);
    }

    /** Samples per second over the whole curve, for {@code rowsPerIteration} rows an iteration. */
    double samplesPerSecond(double rowsPerIteration) {
        Point last = last();
        return last.iterations() * rowsPerIteration / last.seconds();
    }
}
