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
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The exchange's connections on Netty (Spark's own): one event loop group per JVM, shared by its coordinators and
 * chain members, with daemon threads so that it never keeps a JVM alive; and every connection's pipeline
 * ({@link Link#attach}). All connections of one end share one event loop, so a chain member passes the parameters
 * on to its successor in the thread that read them.
 */
final class Transport {
    /**
     * Reads of up to a few chunks at a time: Netty's default of at most 64 KiB per read would take a chunk of the
     * parameters in several reads, each copied into the frame decoder's buffer as it grows.
     */
    private static final RecvByteBufAllocator READS =
            new AdaptiveRecvByteBufAllocator(64 << 10, 512 << 10, Link.MAX_FRAME);

    private Transport() {}

    /** Created on first use: a driver or executor that never runs the barrier engine starts no threads. */
    private static final class Loop {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
                0, new DefaultThreadFactory("mlp-exchange", true), NioIoHandler.newFactory());
    }

    /** The event loop for the connections of a new end of the exchange. */
    static EventLoop loop() {
        return Loop.GROUP.next();
    }

    /**
     * Listens on {@code host} (a free port) for connections, each admitted or closed by {@code gate} on its first
     * frame.
     */
    static Channel listen(EventLoop loop, String host, long timeoutMillis, Inbox inbox, Link.Gate gate)
            throws ExchangeException {
        ChannelFuture bound = new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Link.attach(
                                channel, "a connection from " + channel.remoteAddress(), timeoutMillis, inbox, gate);
                    }
                })
                .bind(host, 0)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new ExchangeException(
                    "cannot listen on " + host + ": " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    /** The port {@code server} listens on. */
    static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects to {@code peer} at {@code address} within the timeout. */
    static Link connect(EventLoop loop, InetSocketAddress address, String peer, long timeoutMillis, Inbox inbox)
            throws ExchangeException {
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Link.attach(channel, peer, timeoutMillis, inbox, null);
                    }
                })
                .connect(address)
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
