package org.sparkmlp.job.exchange;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.sparkmlp.core.network.GradientSum;

/**
 * A task's place in the chain of its barrier stage's exchange (see {@link Coordinator}): it receives each
 * iteration's parameters from its predecessor (the driver, for task 0) and forwards them chunk by chunk as it reads
 * them; then it receives the running sum, adds its own partitions' sums to it chunk by chunk, and forwards it to
 * its successor (the driver, for the last task). The sums are added one partition at a time in partition order,
 * so the driver receives exactly {@code ((s0 + s1) + s2) + …}, the jobs engine's sum, to the last bit.
 */
public final class ChainMember implements Closeable {
    private final int index;
    private final Link control;
    private final Link in;
    private final Link out;
    private final byte[] chunk = new byte[Frames.CHUNK * Double.BYTES];
    private final double[] running = new double[Frames.CHUNK];

    private ChainMember(int index, Link control, Link in, Link out) {
        this.index = index;
        this.control = control;
        this.in = in;
        this.out = out;
    }

    /**
     * Registers task {@code index} with the coordinator and links it into the chain, all within the timeout.
     *
     * @param waiting asked while waiting: false (e.g. the task was killed) aborts
     */
    public static ChainMember join(
            InetSocketAddress coordinator, RunSecret secret, int index, long timeoutMillis, BooleanSupplier waiting)
            throws IOException {
        byte[] token = secret.token();
        Link control = Link.connect(coordinator, "the coordinator", timeoutMillis, waiting);
        ServerSocket server = null;
        Link out = null;
        try {
            server = new ServerSocket(0, 4, InetAddress.getByName(control.localHost()));
            server.setSoTimeout(250);
            control.send(
                    Frames.HELLO, new Frames.Hello(token, index, server.getLocalPort(), control.localHost()).encode());
            ByteBuffer next = control.expect(Frames.NEXT, "the address of the next task");
            int port = next.getInt();
            byte[] host = new byte[next.getShort() & 0xffff];
            next.get(host);
            if (port < 0) {
                out = control;
            } else {
                String name = new String(host, StandardCharsets.UTF_8);
                out = Link.connect(new InetSocketAddress(name, port), "task " + (index + 1), timeoutMillis, waiting);
                out.send(Frames.HELLO, new Frames.Hello(token, index, -1, "").encode());
            }
            Link in = acceptPredecessor(server, token, index, timeoutMillis, waiting);
            return new ChainMember(index, control, in, out);
        } catch (IOException | RuntimeException e) {
            control.close();
            Link.closeQuietly(out);
            throw e;
        } finally {
            Link.closeQuietly(server);
        }
    }

    /** The first connection to {@code server} that presents the token, from the previous task or the driver. */
    private static Link acceptPredecessor(
            ServerSocket server, byte[] token, int index, long timeoutMillis, BooleanSupplier waiting)
            throws ExchangeException {
        String predecessor = index == 0 ? "the driver" : "task " + (index - 1);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            if (!waiting.getAsBoolean() || System.nanoTime() > deadline) {
                throw new ExchangeException(
                        (waiting.getAsBoolean()
                                ? "no connection from " + predecessor + " within " + timeoutMillis / 1000 + " s"
                                : "stopped waiting for " + predecessor));
            }
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException slice) {
                continue;
            } catch (IOException e) {
                throw new ExchangeException("cannot accept " + predecessor + ": " + e.getMessage(), e);
            }
            Link link = null;
            try {
                link = new Link(socket, predecessor, timeoutMillis, waiting);
                Frames.Hello hello = Frames.Hello.decode(link.expect(Frames.HELLO, "an introduction"));
                if (RunSecret.matches(token, hello.token()) && hello.index() == index - 1) {
                    return link;
                }
            } catch (IOException e) {
                // not our predecessor: drop it and wait on
            }
            Link.closeQuietly(link != null ? link : socket);
        }
    }

    /**
     * Receives the next iteration's parameters into {@code w}, forwarding them; returns the iteration, or −1 when
     * the span is over.
     */
    public long receiveWeights(double[] w) throws ExchangeException {
        byte type = in.receive();
        boolean last = out == control;
        if (type == Frames.END) {
            if (!last) {
                out.send(Frames.END, chunk, 0, 0);
            }
            return -1;
        }
        if (type != Frames.ITERATION) {
            throw new ExchangeException(in.peer() + " sent frame type " + type + " where an iteration belongs");
        }
        long t = in.payload().getLong();
        if (!last) {
            out.send(Frames.ITERATION, in.payloadBytes(), 0, in.payloadLength());
        }
        for (int from = 0; from < w.length; from += Frames.CHUNK) {
            int n = Math.min(Frames.CHUNK, w.length - from);
            ByteBuffer weights = in.expect(Frames.WEIGHTS, "a chunk of the parameters");
            if (weights.remaining() != n * Double.BYTES) {
                throw new ExchangeException(
                        in.peer() + " sent a chunk of " + weights.remaining() + " bytes, not " + n * Double.BYTES);
            }
            if (!last) {
                out.send(Frames.WEIGHTS, in.payloadBytes(), 0, in.payloadLength());
            }
            weights.asDoubleBuffer().get(w, from, n);
        }
        return t;
    }

    /**
     * Adds this task's partition sums, in partition order, to the running sum from the predecessor (task 0 starts
     * it with its first partition's) and passes the result on.
     */
    public void passSums(GradientSum[] partitions) throws ExchangeException {
        int parameters = partitions[0].gradient().length;
        int own = index == 0 ? 1 : 0;
        for (int from = 0; from < parameters; from += Frames.CHUNK) {
            int n = Math.min(Frames.CHUNK, parameters - from);
            if (index == 0) {
                System.arraycopy(partitions[0].gradient(), from, running, 0, n);
            } else {
                ByteBuffer sum = in.expect(Frames.SUM, "a chunk of the sum");
                if (sum.remaining() != n * Double.BYTES) {
                    throw new ExchangeException(
                            in.peer() + " sent a chunk of " + sum.remaining() + " bytes, not " + n * Double.BYTES);
                }
                sum.asDoubleBuffer().get(running, 0, n);
            }
            for (int p = own; p < partitions.length; p++) {
                // as GradientSum.add: a partition without rows of the minibatch adds nothing, not even a +0.0
                if (partitions[p].count() > 0) {
                    double[] g = partitions[p].gradient();
                    for (int k = 0; k < n; k++) {
                        running[k] += g[from + k];
                    }
                }
            }
            ByteBuffer.wrap(chunk).asDoubleBuffer().put(running, 0, n);
            out.send(Frames.SUM, chunk, 0, n * Double.BYTES);
        }
        double loss;
        long count;
        if (index == 0) {
            loss = partitions[0].lossSum();
            count = partitions[0].count();
        } else {
            ByteBuffer totals = in.expect(Frames.TOTALS, "the sum's totals");
            loss = totals.getDouble();
            count = totals.getLong();
        }
        for (int p = own; p < partitions.length; p++) {
            if (partitions[p].count() > 0) {
                loss += partitions[p].lossSum();
                count += partitions[p].count();
            }
        }
        out.send(
                Frames.TOTALS,
                ByteBuffer.allocate(Double.BYTES + Long.BYTES).putDouble(loss).putLong(count));
    }

    @Override
    public void close() {
        control.close();
        in.close();
        out.close();
    }
}
