package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.sparkmlp.core.linalg.Float32;

/**
 * One frame received on {@code from}: its type and its payload, a pooled buffer that {@link #close()} returns (so
 * frames are taken in try-with-resources); or, on the in-JVM transport, a chunk of values {@code lent} by reference
 * (then no payload).
 */
record Frame(Link from, byte type, ByteBuf payload, LentChunk lent) implements AutoCloseable {
    Frame(Link from, byte type, ByteBuf payload) {
        this(from, type, payload, null);
    }

    Frame(Link from, LentChunk lent) {
        this(from, lent.type(), null, lent);
    }

    /** The payload's bytes (a lent chunk's as its frame's). */
    int length() {
        return lent != null ? lent.frameBytes() - Link.LENGTH_BYTES - 1 : payload.readableBytes();
    }

    /** The payload, to read a small message from. */
    ByteBuffer message() {
        return payload.nioBuffer();
    }

    /**
     * The chunk of exactly {@code n} values that starts at {@code start} of the vector, in an array where it sits at
     * {@code [start, start + n)}: the array of doubles it was lent in (to read only), else {@code into}, where its
     * FP64 or FP32 values are read (the FP32 ones widened, exactly).
     *
     * @param what names the chunk in the error, e.g. "a chunk of the sum"
     */
    double[] values(double[] into, int start, int n, String what) throws ExchangeException {
        if (lent != null) {
            checkLent(start, n, what);
            if (lent.float32()) {
                Float32.widen(lent.values32(), start, into, n);
                return into;
            }
            return lent.values();
        }
        if (length() == n * Double.BYTES) {
            payload.nioBuffer().order(Frames.VALUE_ORDER).asDoubleBuffer().get(into, start, n);
            return into;
        }
        if (length() != n * Float.BYTES) {
            throw new ExchangeException(from.peer() + " sent " + what + " of " + length() + " bytes, not "
                    + n * Double.BYTES + " (FP64) or " + n * Float.BYTES + " (FP32)");
        }
        FloatBuffer floats = payload.nioBuffer().order(Frames.VALUE_ORDER).asFloatBuffer();
        for (int k = 0; k < n; k++) {
            into[start + k] = floats.get(k);
        }
        return into;
    }

    /**
     * The chunk of exactly {@code n} FP32 values that starts at {@code start} of the vector, in an array where it
     * sits at {@code [start, start + n)}: the array of floats it was lent in (to read only), else {@code into}.
     *
     * @throws ExchangeException if the chunk holds FP64 values
     */
    float[] values32(float[] into, int start, int n, String what) throws ExchangeException {
        if (lent != null) {
            checkLent(start, n, what);
            if (!lent.float32()) {
                throw new ExchangeException(from.peer() + " lent " + what + " in FP64 where FP32 was due");
            }
            return lent.values32();
        }
        if (length() != n * Float.BYTES) {
            throw new ExchangeException(
                    from.peer() + " sent " + what + " of " + length() + " bytes, not " + n * Float.BYTES + " (FP32)");
        }
        payload.nioBuffer().order(Frames.VALUE_ORDER).asFloatBuffer().get(into, start, n);
        return into;
    }

    private void checkLent(int start, int n, String what) throws ExchangeException {
        if (lent.from() != start || lent.n() != n) {
            throw new ExchangeException(from.peer() + " lent " + what + " of values [" + lent.from() + ", "
                    + (lent.from() + lent.n()) + "), not [" + start + ", " + (start + n) + ")");
        }
    }

    /** Whether this chunk of {@code n} values came in FP32. */
    boolean isFloat32(int n) {
        return lent != null ? lent.float32() : length() == n * Float.BYTES;
    }

    @Override
    public void close() {
        if (payload != null) {
            payload.release();
        }
    }
}
