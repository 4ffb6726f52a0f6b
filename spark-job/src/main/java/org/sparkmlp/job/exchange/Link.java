package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection of the exchange, carrying length-prefixed frames: a 4-byte length, a type byte, the payload.
 * What it receives goes to its end's {@link Inbox}, and so do its failures: the peer closing the connection, a
 * write that did not complete within the timeout, a frame over the limit. (Reads are timed where they are awaited,
 * in the inbox: most connections rightly stay silent for a whole stage once the chain is linked.) A link can pass
 * the frames that travel down the chain on to the next one as they arrive, on the event loop, without waiting for
 * its end's thread. Bytes are counted both ways.
 *
 * <p>On the in-JVM transport, where every end shares one heap, a chunk of values is lent rather than copied
 * ({@link LentChunk}): the frame carries the sender's array itself (of doubles, or of floats for FP32 values), and
 * its bytes are counted as its frame's would be.
 */
final class Link {
    /** A frame is at most this long: a chunk of doubles and a header, with room to spare. */
    static final int MAX_FRAME = 1 << 22;

    static final int LENGTH_BYTES = 4;

    /** Decides on a listening end's new connection by its first frame (on the event loop). */
    interface Gate {
        /** Whether to admit {@code link}, whose first frame has type {@code type} and this payload. */
        boolean admit(Link link, byte type, ByteBuf payload);
    }

    private final Channel channel;
    private final Inbox inbox;
    private final long timeoutMillis;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    /** Whether chunks of values go by reference: on the in-JVM transport. */
    private final boolean lends;

    private volatile String peer;
    private volatile Link next;
    private volatile ChannelFuture lastWrite;

    private Link(Channel channel, String peer, long timeoutMillis, Inbox inbox) {
        this.channel = channel;
        this.peer = peer;
        this.timeoutMillis = timeoutMillis;
        this.inbox = inbox;
        this.lends = channel instanceof LocalChannel;
    }

    /**
     * Sets up {@code channel}'s pipeline: frames, a write timeout, and the link's reader, which admits the
     * connection through {@code gate} (none: admitted already, we connected).
     */
    static void attach(Channel channel, String peer, long timeoutMillis, Inbox inbox, Gate gate) {
        Link link = new Link(channel, peer, timeoutMillis, inbox);
        channel.pipeline()
                .addLast(
                        new WriteTimeoutHandler(timeoutMillis, TimeUnit.MILLISECONDS),
                        // a frame arrives whole with its length, to be passed on as it came
                        new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, LENGTH_BYTES, 0, 0),
                        new Reader(link, gate));
    }

    /** The link of a channel {@link #attach} set up. */
    static Link of(Channel channel) {
        return channel.pipeline().get(Reader.class).link;
    }

    /** From now on, names the peer so. */
    void rename(String name) {
        this.peer = name;
    }

    /** Passes the frames that travel down the chain ({@link Frames#forwarded}) on to {@code next} as they arrive. */
    void forwardTo(Link next) {
        this.next = next;
    }

    /** Sends a small frame, {@code message}'s bytes up to its position. */
    void send(byte type, ByteBuffer message) {
        ByteBuf frame = frame(type, message.position());
        frame.writeBytes(message.flip());
        write(frame);
    }

    /**
     * Sends a frame of {@code n} doubles, {@code values[from …]}: as bytes, or in the JVM lent, the array itself,
     * whose range the caller must then not write until the iteration's sum has reached the driver.
     */
    void send(byte type, double[] values, int from, int n) {
        if (lends) {
            LentChunk lent = new LentChunk(type, values, from, n);
            write(lent, lent.frameBytes());
            return;
        }
        ByteBuf frame = frame(type, n * Double.BYTES);
        frame.nioBuffer(frame.writerIndex(), n * Double.BYTES)
                .order(Frames.VALUE_ORDER)
                .asDoubleBuffer()
                .put(values, from, n);
        write(frame.writerIndex(frame.capacity()));
    }

    /**
     * Sends a frame of {@code n} FP32 values, {@code values[from …]}: as bytes, or in the JVM lent, as
     * {@link #send(byte, double[], int, int)} lends doubles.
     */
    void send(byte type, float[] values, int from, int n) {
        if (lends) {
            LentChunk lent = new LentChunk(type, values, from, n);
            write(lent, lent.frameBytes());
            return;
        }
        ByteBuf frame = frame(type, n * Float.BYTES);
        frame.nioBuffer(frame.writerIndex(), n * Float.BYTES)
                .order(Frames.VALUE_ORDER)
                .asFloatBuffer()
                .put(values, from, n);
        write(frame.writerIndex(frame.capacity()));
    }

    /**
     * A new frame of type {@code type} with room for {@code payload} bytes, its length and type written: one buffer,
     * so that a receiver in the same JVM takes it as it is, without gathering its parts into a new one.
     */
    private ByteBuf frame(byte type, int payload) {
        ByteBuf frame = channel.alloc().directBuffer(LENGTH_BYTES + 1 + payload, LENGTH_BYTES + 1 + payload);
        return frame.writeInt(1 + payload).writeByte(type);
    }

    /** Writes a whole frame (length, type, payload); a failure reaches the inbox. */
    private void write(ByteBuf frame) {
        write(frame, frame.readableBytes());
    }

    /** Writes a frame or a lent chunk, counted as {@code bytes}; a failure reaches the inbox. */
    private void write(Object message, int bytes) {
        sent.add(bytes);
        lastWrite = channel.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    long bytesSent() {
        return sent.sum();
    }

    long bytesReceived() {
        return received.sum();
    }

    String peer() {
        return peer;
    }

    /** The peer's address. */
    String remote() {
        return channel.remoteAddress() instanceof LocalAddress local
                ? "in-JVM " + local.id()
                : String.valueOf(channel.remoteAddress());
    }

    /** Where the other end sees us: the address by which peers can reach this host (over TCP; else none). */
    String localHost() {
        return channel.localAddress() instanceof InetSocketAddress local
                ? local.getAddress().getHostAddress()
                : "";
    }

    /** Closes the connection once what was sent has gone out (or the write timeout has failed it). */
    void close() {
        ChannelFuture last = lastWrite;
        if (last == null) {
            channel.close();
        } else {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the connection at once; {@code why} is this end's failure (its peer sees the connection close). */
    void cut(String why) {
        inbox.put(new ExchangeException(why));
        channel.close();
    }

    /** The link's inbound end, on the event loop. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final Link link;
        private Gate gate;

        Reader(Link link, Gate gate) {
            this.link = link;
            this.gate = gate;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof LentChunk lent) {
                readLent(context, lent);
                return;
            }
            ByteBuf frame = (ByteBuf) message;
            link.received.add(frame.readableBytes());
            if (frame.readableBytes() == LENGTH_BYTES) {
                frame.release();
                fail(context, new ExchangeException(link.peer + " sent an empty frame"));
                return;
            }
            byte type = frame.getByte(frame.readerIndex() + LENGTH_BYTES);
            if (gate != null) {
                boolean admitted = gate.admit(link, type, frame.skipBytes(LENGTH_BYTES + 1));
                frame.release();
                if (admitted) {
                    gate = null;
                } else {
                    context.close();
                }
                return;
            }
            Link next = link.next;
            if (next != null && Frames.forwarded(type)) {
                next.write(frame.retainedDuplicate());
            }
            link.inbox.put(new Frame(link, type, frame.skipBytes(LENGTH_BYTES + 1)));
        }

        /** A chunk lent in the JVM: passed on as it came, like a frame of bytes (nothing to release). */
        private void readLent(ChannelHandlerContext context, LentChunk lent) {
            link.received.add(lent.frameBytes());
            if (gate != null) {
                // no introduction: refused, as any first frame that is not one
                gate.admit(link, lent.type(), Unpooled.EMPTY_BUFFER);
                context.close();
                return;
            }
            Link next = link.next;
            if (next != null && Frames.forwarded(lent.type())) {
                next.write(lent, lent.frameBytes());
            }
            link.inbox.put(new Frame(link, lent));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (gate == null) {
                link.inbox.put(new ExchangeException(link.peer + " closed the connection"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            String message;
            if (cause instanceof WriteTimeoutException) {
                message = "could not send to " + link.peer + " for " + link.timeoutMillis / 1000 + " s";
            } else if (cause instanceof TooLongFrameException) {
                message = link.peer + " sent a frame over the limit of " + MAX_FRAME + " bytes";
            } else {
                message = "lost the connection to " + link.peer + ": " + cause.getMessage();
            }
            fail(context, new ExchangeException(message, cause));
        }

        private void fail(ChannelHandlerContext context, ExchangeException failure) {
            if (gate == null) {
                link.inbox.put(failure);
            }
            context.close();
        }
    }
}
