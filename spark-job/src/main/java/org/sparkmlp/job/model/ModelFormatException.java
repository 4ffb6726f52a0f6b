package org.sparkmlp.job.model;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A model or checkpoint file that is not one, is damaged, or was written by a newer format; the message starts
 * with the file and says what is wrong.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
