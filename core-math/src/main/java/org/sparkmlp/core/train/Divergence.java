package org.sparkmlp.core.train;

/** The one test for a diverged run, shared by every trainer: a minibatch's summed cost that is NaN or infinite. */
public final class Divergence {
    private Divergence() {}

    /**
     * @param epoch     0-based epoch of the minibatch
     * @param iteration 0-based iteration of the minibatch, counted across epochs
     * @param note      appended to the message (e.g. which checkpoint is kept); may be empty
     * @throws ArithmeticException if {@code lossSum} is NaN or infinite, saying where and what to do
     */
    public static void check(double lossSum, int epoch, long iteration, String note) {
        if (!Double.isFinite(lossSum)) {
            throw new ArithmeticException("training cost became " + lossSum + " in epoch " + (epoch + 1)
                    + ", iteration " + (iteration + 1) + "; lower the learning rate" + note);
        }
    }
}
