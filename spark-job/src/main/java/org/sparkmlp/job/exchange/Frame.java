package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

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
     * Reads the payload, a chunk of exactly {@code n} FP64 or FP32 values, into {@code into[offset …]}, the FP32
     * ones widened (exactly).
     *
     * @param what names the chunk in the error, e.g. "a chunk of the sum"
     * @return whether the values were FP32
     */
    boolean readValues(double[] into, int offset, int n, String what) throws ExchangeException {
        if (length() == n * Double.BYTES) {
            payload.nioBuffer().order(Frames.VALUE_ORDER).asDoubleBuffer().get(into, offset, n);
            return false;
        }
        if (length() != n * Float.BYTES) {
            throw new ExchangeException(from.peer() + " sent " + what + " of " + length() + " bytes, not "
                    + n * Double.BYTES + " (FP64) or " + n * Float.BYTES + " (FP32)");
        }
        FloatBuffer floats = payload.nioBuffer().order(Frames.VALUE_ORDER).asFloatBuffer();
        for (int k = 0; k < n; k++) {
            into[offset + k] = floats.get(k);
        }
        return true;
    }

    @Override
    public void close() {
        payload.release();
    }
}
