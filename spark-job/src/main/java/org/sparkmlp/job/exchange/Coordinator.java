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
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.core.network.GradientSum;

/**
 * The driver's end of one barrier stage's exchange. It listens for the stage's tasks, each of which registers with
 * the run's token and its own listening address; once all have, it links them into the chain driver → task 0 → … →
 * task n−1 → driver. Then, per iteration, it sends the parameters to task 0, which passes them on as it reads
 * them, and receives from task n−1 the sum that has grown by each task's partitions on its way: the driver's link
 * carries the parameters once out and one sum in, whatever the number of tasks. A connection that does not present
 * the token is closed and ignored.
 */
public final class Coordinator implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final ServerSocket server;
    private final byte[] token;
    private final int tasks;
    private final long timeoutMillis;
    private final BooleanSupplier waiting;
    private final List<Link> links = new ArrayList<>();
    private final byte[] chunk = new byte[Frames.CHUNK * Double.BYTES];
    private Link head;
    private Link tail;
    private long refused;

    private Coordinator(ServerSocket server, byte[] token, int tasks, long timeoutMillis, BooleanSupplier waiting) {
        this.server = server;
        this.token = token;
        this.tasks = tasks;
        this.timeoutMillis = timeoutMillis;
        this.waiting = waiting;
    }

    /**
     * Listens on {@code host} (a free port) for {@code tasks} tasks.
     *
     * @param waiting asked while waiting for the tasks: false (e.g. the stage failed) aborts
     */
    public static Coordinator open(
            String host, RunSecret secret, int tasks, long timeoutMillis, BooleanSupplier waiting) throws IOException {
        ServerSocket server = new ServerSocket(0, Math.max(50, tasks), InetAddress.getByName(host));
        server.setSoTimeout(250);
        return new Coordinator(server, secret.token(), tasks, timeoutMillis, waiting);
    }

    /** The port the tasks find the coordinator at. */
    public int port() {
        return server.getLocalPort();
    }

    /** Waits for every task to register (within the timeout), then links the chain. */
    public void assemble() throws ExchangeException {
        Link[] controls = new Link[tasks];
        Frames.Hello[] hellos = new Frames.Hello[tasks];
        int registered = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (registered < tasks) {
            if (!waiting.getAsBoolean()) {
                throw new ExchangeException(
                        "stopped waiting for the tasks to register (" + registered + " of " + tasks + " had)");
            }
            if (System.nanoTime() > deadline) {
                throw new ExchangeException(registered + " of " + tasks + " tasks registered with the coordinator "
                        + "within " + timeoutMillis / 1000 + " s");
            }
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException slice) {
                continue;
            } catch (IOException e) {
                throw new ExchangeException("the coordinator stopped listening: " + e.getMessage(), e);
            }
            String from = socket.getRemoteSocketAddress().toString();
            Link link = null;
            try {
                link = new Link(socket, "a task at " + from, Math.min(timeoutMillis, 10_000), waiting);
                Frames.Hello hello = Frames.Hello.decode(link.expect(Frames.HELLO, "a registration"));
                if (!RunSecret.matches(token, hello.token())
                        || hello.index() < 0
                        || hello.index() >= tasks
                        || controls[hello.index()] != null) {
                    refused++;
                    LOG.warn(
                            "refused a connection from {}: {}",
                            from,
                            RunSecret.matches(token, hello.token())
                                    ? "task index " + hello.index() + " is not one of this stage's"
                                    : "wrong token");
                    link.close();
                    continue;
                }
                // a registered task's connection waits for whole iterations
                link.rename("task " + hello.index() + " (" + from + ")", timeoutMillis);
                links.add(link);
                controls[hello.index()] = link;
                hellos[hello.index()] = hello;
                registered++;
            } catch (IOException e) {
                refused++;
                LOG.warn("refused a connection from {}: {}", from, e.getMessage());
                Link.closeQuietly(link != null ? link : socket);
            }
        }
        for (int i = 0; i < tasks; i++) {
            boolean last = i == tasks - 1;
            byte[] host = (last ? "" : hellos[i + 1].host()).getBytes(StandardCharsets.UTF_8);
            ByteBuffer next = ByteBuffer.allocate(6 + host.length)
                    .putInt(last ? -1 : hellos[i + 1].port())
                    .putShort((short) host.length)
                    .put(host);
            controls[i].send(Frames.NEXT, next);
        }
        head = Link.connect(
                new InetSocketAddress(hellos[0].host(), hellos[0].port()), "task 0", timeoutMillis, waiting);
        links.add(head);
        head.send(Frames.HELLO, new Frames.Hello(token, -1, -1, "").encode());
        tail = controls[tasks - 1];
    }

    /** Sends iteration t's parameters down the chain. */
    public void sendWeights(long t, double[] w) throws ExchangeException {
        head.send(Frames.ITERATION, ByteBuffer.allocate(Long.BYTES).putLong(t));
        for (int from = 0; from < w.length; from += Frames.CHUNK) {
            int n = Math.min(Frames.CHUNK, w.length - from);
            ByteBuffer.wrap(chunk).asDoubleBuffer().put(w, from, n);
            head.send(Frames.WEIGHTS, chunk, 0, n * Double.BYTES);
        }
    }

    /** Receives the sum over all tasks' partitions that the last task sends, its gradient into {@code gradient}. */
    public GradientSum receiveSum(double[] gradient) throws ExchangeException {
        for (int from = 0; from < gradient.length; from += Frames.CHUNK) {
            int n = Math.min(Frames.CHUNK, gradient.length - from);
            ByteBuffer sum = tail.expect(Frames.SUM, "a chunk of the sum");
            if (sum.remaining() != n * Double.BYTES) {
                throw new ExchangeException(
                        tail.peer() + " sent a chunk of " + sum.remaining() + " bytes, not " + n * Double.BYTES);
            }
            sum.asDoubleBuffer().get(gradient, from, n);
        }
        ByteBuffer totals = tail.expect(Frames.TOTALS, "the sum's totals");
        return new GradientSum(gradient, totals.getDouble(), totals.getLong());
    }

    /** Tells the tasks that the span is over: they finish their Spark tasks. */
    public void finish() throws ExchangeException {
        head.send(Frames.END, new byte[0], 0, 0);
    }

    /** Bytes through the driver's connections so far, both ways. */
    public long bytes() {
        return links.stream()
                .mapToLong(link -> link.bytesSent() + link.bytesReceived())
                .sum();
    }

    /** Connections closed for not presenting the run's token (or not registering properly). */
    public long refused() {
        return refused;
    }

    @Override
    public void close() {
        links.forEach(Link::close);
        Link.closeQuietly(server);
    }
}
