package org.sparkmlp.job.data;

import java.io.IOException;

/**
 * Input that cannot be used as a dataset: a missing file, a bad header or a bad record. The message says which
 * file, which record (0-based, in the dataset's order) and line where known, and what is wrong.
 */
public class BadInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
