package org.sparkmlp.job.exchange;

import java.io.IOException;

/** A connection of the exchange failed: a peer vanished, refused us, or sent nothing within the timeout. */
public final class ExchangeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExchangeException(String message) {
        super(message);
    }

    public ExchangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
