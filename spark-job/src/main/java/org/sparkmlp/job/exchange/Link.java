package org.sparkmlp.job.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * One TCP connection of the exchange, carrying length-prefixed frames: a 4-byte payload length, a type byte, the
 * payload. Every read gives up after the timeout without a byte from the peer, or as soon as the owner stops
 * waiting (a cancelled task, a failed Spark job): reads wait in short slices and ask between them, so a vanished
 * peer is an {@link ExchangeException}, never a hang. Bytes are counted both ways.
 */
final class Link implements Closeable {
    /** A frame is at most this long: a chunk of doubles and a header, with room to spare. */
    static final int MAX_PAYLOAD = 1 << 22;

    private static final int SLICE_MILLIS = 250;

    private final Socket socket;
    private String peer;
    private long timeoutNanos;
    private final BooleanSupplier waiting;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] header = new byte[5];
    private byte[] payload = new byte[256];
    private int length;
    private long sent;
    private long received;

    /**
     * @param peer    names the other end in error messages, e.g. "task 3 (10.0.0.7:41234)"
     * @param waiting asked while a read waits: false aborts it
     */
    Link(Socket socket, String peer, long timeoutMillis, BooleanSupplier waiting) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.waiting = waiting;
        socket.setSoTimeout((int) Math.min(SLICE_MILLIS, timeoutMillis));
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Connects to {@code address} within the timeout. */
    static Link connect(InetSocketAddress address, String peer, long timeoutMillis, BooleanSupplier waiting)
            throws ExchangeException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) timeoutMillis);
            return new Link(socket, peer, timeoutMillis, waiting);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ExchangeException("cannot connect to " + peer + " at " + address + ": " + e.getMessage(), e);
        }
    }

    /** From now on, names the peer so and waits this long for it. */
    void rename(String name, long timeoutMillis) {
        this.peer = name;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
    }

    /** Sends one frame and flushes it. */
    void send(byte type, byte[] bytes, int offset, int count) throws ExchangeException {
        try {
            ByteBuffer.wrap(header).putInt(count).put(type);
            out.write(header);
            out.write(bytes, offset, count);
            out.flush();
            sent += header.length + count;
        } catch (IOException e) {
            throw new ExchangeException("lost the connection to " + peer + ": " + e.getMessage(), e);
        }
    }

    void send(byte type, ByteBuffer message) throws ExchangeException {
        send(type, message.array(), 0, message.position());
    }

    /** Receives one frame; its payload is then {@link #payload()}. Returns its type. */
    byte receive() throws ExchangeException {
        if (!waiting.getAsBoolean()) {
            throw new ExchangeException("stopped waiting for " + peer);
        }
        readFully(header, header.length);
        ByteBuffer head = ByteBuffer.wrap(header);
        int count = head.getInt();
        byte type = head.get();
        if (count < 0 || count > MAX_PAYLOAD) {
            throw new ExchangeException(peer + " sent a frame of " + count + " bytes; the limit is " + MAX_PAYLOAD);
        }
        if (payload.length < count) {
            payload = new byte[Math.max(count, 2 * payload.length)];
        }
        readFully(payload, count);
        length = count;
        received += header.length + count;
        return type;
    }

    /** Receives one frame of the given type. */
    ByteBuffer expect(byte type, String what) throws ExchangeException {
        byte got = receive();
        if (got != type) {
            throw new ExchangeException(peer + " sent frame type " + got + " where " + what + " belongs");
        }
        return payload();
    }

    /** The last frame's payload. */
    ByteBuffer payload() {
        return ByteBuffer.wrap(payload, 0, length);
    }

    /** The last frame's payload bytes (valid up to {@link #payloadLength()}) to forward as they are. */
    byte[] payloadBytes() {
        return payload;
    }

    int payloadLength() {
        return length;
    }

    long bytesSent() {
        return sent;
    }

    long bytesReceived() {
        return received;
    }

    String peer() {
        return peer;
    }

    /** Where the other end sees us: the address by which peers can reach this host. */
    String localHost() {
        return socket.getLocalAddress().getHostAddress();
    }

    private void readFully(byte[] into, int count) throws ExchangeException {
        long quietSince = System.nanoTime();
        int offset = 0;
        while (offset < count) {
            int n;
            try {
                n = in.read(into, offset, count - offset);
            } catch (SocketTimeoutException slice) {
                if (!waiting.getAsBoolean()) {
                    throw new ExchangeException("stopped waiting for " + peer);
                }
                if (System.nanoTime() - quietSince > timeoutNanos) {
                    throw new ExchangeException(
                            "nothing from " + peer + " for " + timeoutNanos / 1_000_000_000L + " s");
                }
                continue;
            } catch (IOException e) {
                throw new ExchangeException("lost the connection to " + peer + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new ExchangeException(peer + " closed the connection");
            }
            offset += n;
            quietSince = System.nanoTime();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
