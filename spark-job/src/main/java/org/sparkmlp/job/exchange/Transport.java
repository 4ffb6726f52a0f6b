package org.sparkmlp.job.exchange;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * The exchange's connections on Netty (Spark's own), over TCP or in the JVM ({@link Address.Kind}): one event loop
 * group per JVM and transport, shared by its coordinators and chain members, with daemon threads so that it never
 * keeps a JVM alive; and every connection's pipeline ({@link Link#attach}), the same on both. All connections of
 * one end share one event loop, so a chain member passes the parameters on to its successor in the thread that
 * read them.
 */
final class Transport {
    /**
     * Reads of up to a few chunks at a time: Netty's default of at most 64 KiB per read would take a chunk of the
     * parameters in several reads, each copied into the frame decoder's buffer as it grows.
     */
    private static final RecvByteBufAllocator READS =
            new AdaptiveRecvByteBufAllocator(64 << 10, 512 << 10, Link.MAX_FRAME);

    private Transport() {}

    /**
     * Created on first use, one per transport (Netty's in-JVM channels need an event loop of their own kind): a
     * driver or executor that never runs the barrier engine starts no threads.
     */
    private static final class TcpLoop {
        static final EventLoopGroup GROUP = group("mlp-exchange", 0, NioIoHandler.newFactory());
    }

    /**
     * One thread for every in-JVM end: a frame between two channels of one event loop is delivered in that loop's
     * thread at once, where ends on different loops hand it from one loop thread to the other. With lent chunks the
     * loop only passes references on, so one thread keeps up, and each hop of the chain wakes two threads (the
     * loop, the receiver) instead of three (docs/performance.md, "one event loop").
     */
    private static final class InJvmLoop {
        static final EventLoopGroup GROUP = group("mlp-exchange-in-jvm", 1, LocalIoHandler.newFactory());
    }

    private static EventLoopGroup group(String threads, int count, IoHandlerFactory handler) {
        return new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory(threads, true), handler);
    }

    /** The event loop for the connections of a new end of the exchange over {@code kind}. */
    static EventLoop loop(Address.Kind kind) {
        return (kind == Address.Kind.TCP ? TcpLoop.GROUP : InJvmLoop.GROUP).next();
    }

    /**
     * Listens for connections over {@code kind}, on {@code host} (a free port) for TCP, each admitted or closed by
     * {@code gate} on its first frame.
     */
    static Channel listen(
            EventLoop loop, Address.Kind kind, String host, long timeoutMillis, Inbox inbox, Link.Gate gate)
            throws ExchangeException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop, loop);
        if (kind == Address.Kind.TCP) {
            bootstrap
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS);
        } else {
            bootstrap.channel(LocalServerChannel.class);
        }
        ChannelFuture bound = bootstrap
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        Link.attach(
                                channel, "a connection from " + channel.remoteAddress(), timeoutMillis, inbox, gate);
                    }
                })
                // a name of our own: LocalAddress.ANY's ephemeral name has an upper-case letter, which
                // LocalAddress(String) lowercases, so a peer given the name would not find it
                .bind(
                        kind == Address.Kind.TCP
                                ? new InetSocketAddress(host, 0)
                                : new LocalAddress("mlp-exchange-" + UUID.randomUUID()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new ExchangeException(
                    "cannot listen on " + (kind == Address.Kind.TCP ? host : "the in-JVM transport") + ": "
                            + bound.cause().getMessage(),
                    bound.cause());
        }
        return bound.channel();
    }

    /** Where peers reach {@code server}: at {@code host} (the address by which they reach this JVM) for TCP. */
    static Address address(Channel server, String host) {
        if (server.localAddress() instanceof LocalAddress local) {
            return new Address(Address.Kind.IN_JVM, local.id(), 0);
        }
        return new Address(Address.Kind.TCP, host, ((InetSocketAddress) server.localAddress()).getPort());
    }

    /** Connects to {@code peer} at {@code address} within the timeout. */
    static Link connect(EventLoop loop, Address address, String peer, long timeoutMillis, Inbox inbox)
            throws ExchangeException {
        Bootstrap bootstrap = new Bootstrap().group(loop);
        if (address.kind() == Address.Kind.TCP) {
            bootstrap
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        } else {
            bootstrap.channel(LocalChannel.class);
        }
        ChannelFuture connected = bootstrap
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        Link.attach(channel, peer, timeoutMillis, inbox, null);
                    }
                })
                .connect(address.socketAddress())
                .awaitUninterruptibly();
        if (!connected.isSuccess()) {
            throw new ExchangeException(
                    "cannot connect to " + peer + " at " + address + ": "
                            + connected.cause().getMessage(),
                    connected.cause());
        }
        return Link.of(connected.channel());
    }
}
