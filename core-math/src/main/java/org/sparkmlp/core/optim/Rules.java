package org.sparkmlp.core.optim;

/** Argument checks shared by the update rules. */
final class Rules {
    private Rules() {}

    /** A moving-average coefficient must lie in [0, 1); at 1 the average would never forget. */
    static void checkDecay(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
        }
    }
}
