package org.sparkmlp.core.data;

import java.io.IOException;

/** An IDX file whose bytes contradict the format or its own header; the message names the file and the fault. */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
