package org.sparkmlp.job.exchange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The frame types of the exchange and the layout of the small ones. A run of iterations on the chain
 * driver → task 0 → … → task n−1 → driver:
 * <pre>
 * task → driver   HELLO(token, index, port, host)     every task, on its control connection
 * driver → task   NEXT(port, host)                    whom to send to; port −1: back to the driver
 * any → next      HELLO(token, index)                 opens a chain link (the driver's index is −1)
 * task → driver   READY                               linked to the next (the driver starts once all are)
 * per iteration   ITERATION(t), WEIGHTS chunks         down the chain, each task forwarding as it reads
 *                 TOTALS(loss, count), SUM chunks      down the chain, each task adding its partitions' sums
 * at the end      END                                  down the chain
 * </pre>
 * WEIGHTS and SUM chunks hold FP64 values, or FP32 ones for {@code --wire float32}: the driver sends the weights in
 * the run's format and every task sends its sums in the format the weights came in. On the in-JVM transport a
 * chunk is lent ({@link LentChunk}), not encoded, and the whole vector is one chunk ({@link #chunk}).
 * Where a task listens (port, host) is a TCP port and host, or port 0 and the name of an in-JVM address
 * ({@link Address}). On the wire a frame is its length (4 bytes, big-endian, counting the type byte and the
 * payload), its type, its payload, all in one buffer; the values of WEIGHTS and SUM chunks are little-endian
 * ({@link #VALUE_ORDER}), the small messages' numbers big-endian.
 */
final class Frames {
    static final byte HELLO = 1;
    static final byte NEXT = 2;
    static final byte ITERATION = 3;
    static final byte WEIGHTS = 4;
    static final byte SUM = 5;
    static final byte TOTALS = 6;
    static final byte END = 7;
    static final byte READY = 8;

    /**
     * The byte order of the values in WEIGHTS and SUM frames: little-endian, the order of the CPUs we run on, so
     * that encoding and decoding a chunk is a plain memory copy rather than a byte swap per value.
     */
    static final ByteOrder VALUE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Parameters per WEIGHTS or SUM frame over TCP: small enough to pipeline along the chain, large enough to stream.
     */
    static final int CHUNK = 1 << 15;

    /**
     * Parameters per WEIGHTS or SUM chunk over {@code kind}: {@link #CHUNK} over TCP; in the JVM, where a chunk is
     * lent and moving it costs nothing, the whole vector, since every chunk costs a wake-up of each end's thread.
     */
    static int chunk(Address.Kind kind) {
        return kind == Address.Kind.TCP ? CHUNK : Integer.MAX_VALUE;
    }

    /** Where the chunk of {@code chunk} values that starts at {@code from} of a vector of {@code length} ends. */
    static int chunkEnd(int chunk, int from, int length) {
        return from + Math.min(chunk, length - from);
    }

    private Frames() {}

    /** A task's or the driver's introduction: its token, its index and, for a task, where it listens. */
    record Hello(byte[] token, int index, int port, String host) {
        /** What a first frame that is no introduction introduces: nobody. */
        static final Hello NONE = new Hello(new byte[0], -2, -1, "");

        ByteBuffer encode() {
            byte[] name = host.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(RunSecret.TOKEN_BYTES + 10 + name.length)
                    .put(token)
                    .putInt(index)
                    .putInt(port)
                    .putShort((short) name.length)
                    .put(name);
        }

        static Hello decode(ByteBuffer in) {
            if (in.remaining() < RunSecret.TOKEN_BYTES + 10) {
                return NONE;
            }
            byte[] token = new byte[RunSecret.TOKEN_BYTES];
            in.get(token);
            int index = in.getInt();
            int port = in.getInt();
            byte[] name = new byte[Math.min(in.getShort() & 0xffff, in.remaining())];
            in.get(name);
            return new Hello(token, index, port, new String(name, StandardCharsets.UTF_8));
        }
    }

    /** Whether a task passes frames of this type on to the next as they arrive (the last task does not). */
    static boolean forwarded(byte type) {
        return type == ITERATION || type == WEIGHTS || type == END;
    }
}
