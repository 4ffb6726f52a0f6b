package org.sparkmlp.job.train;

/** Training could not go on, e.g. the barrier stage failed more often than its retries allow. */
public final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
