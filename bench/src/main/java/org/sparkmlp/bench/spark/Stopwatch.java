package org.sparkmlp.bench.spark;

/** Training wall time that can be paused while the benchmark evaluates. */
final class Stopwatch {
    private long elapsed;
    private long runningSince = -1;

    void start() {
        if (runningSince < 0) {
            runningSince = System.nanoTime();
        }
    }

    void stop() {
        if (runningSince >= 0) {
            elapsed += System.nanoTime() - runningSince;
            runningSince = -1;
        }
    }

    double seconds() {
        long running = runningSince < 0 ? 0 : System.nanoTime() - runningSince;
        return (elapsed + running) / 1e9;
    }
}
