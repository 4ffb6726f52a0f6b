package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * One frame received on {@code from}: its type and its payload, a pooled buffer that {@link #close()} returns (so
 * frames are taken in try-with-resources).
 */
record Frame(Link from, byte type, ByteBuf payload) implements AutoCloseable {
    /** The payload's bytes. */
    int length() {
        return payload.readableBytes();
    }

    /** The payload, to read a small message from. */
    ByteBuffer message() {
        return payload.nioBuffer();
    }

    /**
     * Reads the payload, a chunk of exactly {@code n} doubles, into {@code into[offset …]}.
     *
     * @param what names the chunk in the error, e.g. "a chunk of the sum"
     */
    void readDoubles(double[] into, int offset, int n, String what) throws ExchangeException {
        if (length() != n * Double.BYTES) {
            throw new ExchangeException(
                    from.peer() + " sent " + what + " of " + length() + " bytes, not " + n * Double.BYTES);
        }
        payload.nioBuffer().asDoubleBuffer().get(into, offset, n);
    }

    @Override
    public void close() {
        payload.release();
    }
}
