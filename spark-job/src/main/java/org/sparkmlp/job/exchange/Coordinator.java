package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.core.linalg.Float32;
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

    private final Address.Kind kind;
    private final byte[] token;
    private final int tasks;
    private final long timeoutMillis;
    private final Inbox inbox;
    private final EventLoop loop;
    /** Parameters per chunk ({@link Frames#chunk}). */
    private final int chunk;

    private final Channel server;
    private final AtomicReferenceArray<Link> controls;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private Link head;
    private Link tail;
    /**
     * The parameters rounded to FP32, for {@code --wire float32}: lent in the JVM, so a chunk is rounded into it
     * only once every task has passed its sums of the previous iteration on (the driver has that chunk of the sum).
     */
    private float[] w32;

    /** A task's registration, admitted on its control connection. */
    private record Registration(Frames.Hello hello) {}

    private Coordinator(
            Address.Kind kind, String host, byte[] token, int tasks, long timeoutMillis, BooleanSupplier waiting)
            throws ExchangeException {
        this.kind = kind;
        this.loop = Transport.loop(kind);
        this.chunk = Frames.chunk(kind);
        this.token = token;
        this.tasks = tasks;
        this.timeoutMillis = timeoutMillis;
        this.inbox = new Inbox(waiting);
        this.controls = new AtomicReferenceArray<>(tasks);
        this.server = Transport.listen(loop, kind, host, timeoutMillis, inbox, this::admit);
    }

    /**
     * Listens for {@code tasks} tasks over {@code kind}: {@link Address.Kind#IN_JVM} when they run in this JVM,
     * else TCP on {@code host} (a free port).
     *
     * @param waiting asked while waiting for the tasks: false (e.g. the stage failed) aborts
     */
    public static Coordinator open(
            Address.Kind kind, String host, RunSecret secret, int tasks, long timeoutMillis, BooleanSupplier waiting)
            throws ExchangeException {
        return new Coordinator(kind, host, secret.token(), tasks, timeoutMillis, waiting);
    }

    /** Where the tasks find the coordinator: over TCP at {@code host}, the address by which they reach the driver. */
    public Address address(String host) {
        return Transport.address(server, host);
    }

    /** On the event loop: a new connection's first frame must register one of this stage's tasks with the token. */
    private boolean admit(Link link, byte type, ByteBuf payload) {
        Frames.Hello hello = type == Frames.HELLO ? Frames.Hello.decode(payload.nioBuffer()) : Frames.Hello.NONE;
        boolean authentic = RunSecret.matches(token, hello.token());
        if (authentic
                && hello.index() >= 0
                && hello.index() < tasks
                && controls.compareAndSet(hello.index(), null, link)) {
            link.rename("task " + hello.index() + " (" + link.remote() + ")");
            links.add(link);
            inbox.put(new Registration(hello));
            return true;
        }
        refused.incrementAndGet();
        LOG.warn(
                "refused {}: {}",
                link.peer(),
                authentic ? "task index " + hello.index() + " is not one of this stage's" : "wrong token");
        return false;
    }

    /** Waits for every task to register and link to the next (within the timeout), then links the chain. */
    public void assemble() throws ExchangeException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Frames.Hello[] hellos = new Frames.Hello[tasks];
        for (int registered = 0; registered < tasks; registered++) {
            int had = registered;
            Object item = inbox.take(
                    deadline,
                    "the tasks to register (" + had + " of " + tasks + " had)",
                    () -> had + " of " + tasks + " tasks registered with the coordinator within " + timeoutMillis / 1000
                            + " s");
            if (!(item instanceof Registration registration)) {
                throw Inbox.unexpected(item, "a registration");
            }
            hellos[registration.hello().index()] = registration.hello();
        }
        for (int i = 0; i < tasks; i++) {
            boolean last = i == tasks - 1;
            byte[] host = (last ? "" : hellos[i + 1].host()).getBytes(StandardCharsets.UTF_8);
            controls.get(i)
                    .send(
                            Frames.NEXT,
                            ByteBuffer.allocate(6 + host.length)
                                    .putInt(last ? -1 : hellos[i + 1].port())
                                    .putShort((short) host.length)
                                    .put(host));
        }
        for (int ready = 0; ready < tasks; ready++) {
            int had = ready;
            Object item = inbox.take(
                    deadline,
                    "the tasks to link the chain (" + had + " of " + tasks + " had)",
                    () -> had + " of " + tasks + " tasks linked to the next within " + timeoutMillis / 1000 + " s");
            if (!(item instanceof Frame frame && frame.type() == Frames.READY)) {
                throw Inbox.unexpected(item, "a task's word that it is linked");
            }
            frame.close();
        }
        head = Transport.connect(
                loop, new Address(kind, hellos[0].host(), hellos[0].port()), "task 0", timeoutMillis, inbox);
        links.add(head);
        head.send(Frames.HELLO, new Frames.Hello(token, -1, -1, "").encode());
        tail = controls.get(tasks - 1);
    }

    /**
     * Sends iteration t's parameters down the chain, in FP32 (rounded) if {@code float32}: then the tasks send their
     * sums in FP32 too.
     */
    public void sendWeights(long t, double[] w, boolean float32) {
        sendIteration(t);
        for (int from = 0; from < w.length; from = chunkEnd(from, w.length)) {
            sendWeights(w, from, float32);
        }
    }

    /** Starts iteration t down the chain: its parameters follow, chunk by chunk ({@link #sendWeights(double[], int, boolean)}). */
    public void sendIteration(long t) {
        head.send(Frames.ITERATION, ByteBuffer.allocate(Long.BYTES).putLong(t));
    }

    /** Sends the chunk of the parameters that starts at {@code from}, in FP32 (rounded) if {@code float32}. */
    public void sendWeights(double[] w, int from, boolean float32) {
        int n = chunkEnd(from, w.length) - from;
        if (float32) {
            if (w32 == null) {
                w32 = new float[w.length];
            }
            Float32.narrow(w, from, w32, n);
            head.send(Frames.WEIGHTS, w32, from, n);
        } else {
            head.send(Frames.WEIGHTS, w, from, n);
        }
    }

    /**
     * Where the chunk that starts at {@code from} of a vector of {@code length} values ends: the parameters and the
     * sum travel in chunks of a size the transport decides.
     */
    public int chunkEnd(int from, int length) {
        return Frames.chunkEnd(chunk, from, length);
    }

    /**
     * Receives the sum over all tasks' partitions that the last task sends, its gradient into {@code gradient}; an
     * FP32 sum ({@link GradientSum#isFloat32()}) when it came in FP32.
     */
    public GradientSum receiveSum(double[] gradient) throws ExchangeException {
        GradientSum totals = receiveTotals(gradient);
        boolean float32 = false;
        for (int from = 0; from < gradient.length; from = chunkEnd(from, gradient.length)) {
            int n = chunkEnd(from, gradient.length) - from;
            try (Frame arrived = inbox.expect(tail, Frames.SUM, "a chunk of the sum", timeoutMillis)) {
                double[] values = arrived.values(gradient, from, n, "a chunk of the sum");
                if (values != gradient) {
                    // lent: copied, so that the whole sum is in one array
                    System.arraycopy(values, from, gradient, from, n);
                }
                float32 = arrived.isFloat32(n);
            }
        }
        // FP32 values widened are FP32 already: marked so, not rounded again
        return float32 ? GradientSum.float32(gradient, totals.lossSum(), totals.count()) : totals;
    }

    /**
     * Receives the totals (loss, count) of the sum, which come before its gradient: the sum, whose gradient (in
     * {@code gradient}) then arrives chunk by chunk ({@link #receiveSum(GradientSum, int)}).
     */
    public GradientSum receiveTotals(double[] gradient) throws ExchangeException {
        try (Frame totals = inbox.expect(tail, Frames.TOTALS, "the sum's totals", timeoutMillis)) {
            ByteBuffer message = totals.message();
            return new GradientSum(gradient, message.getDouble(), message.getLong());
        }
    }

    /**
     * Receives the chunk of {@code sum}'s gradient that starts at {@code from}: into {@code sum}'s gradient (FP32
     * values widened exactly), which is returned; or, lent in the JVM, in the last task's array, which is returned
     * as a sum with {@code sum}'s totals, to read only, and only until the next iteration's last chunk of the
     * parameters has been sent.
     */
    public GradientSum receiveSum(GradientSum sum, int from) throws ExchangeException {
        double[] gradient = sum.gradient();
        try (Frame arrived = inbox.expect(tail, Frames.SUM, "a chunk of the sum", timeoutMillis)) {
            double[] values =
                    arrived.values(gradient, from, chunkEnd(from, gradient.length) - from, "a chunk of the sum");
            return values == gradient ? sum : new GradientSum(values, sum.lossSum(), sum.count());
        }
    }

    /**
     * Closes the last task's connection at once, as a network fault would, mid-iteration: for the fault test that
     * BarrierEngine's internal key enables.
     */
    public void cutTail(String why) {
        tail.cut("cut the connection to " + tail.peer() + " (" + why + ")");
    }

    /** Tells the tasks that the span is over: they finish their Spark tasks. */
    public void finish() {
        head.send(Frames.END, ByteBuffer.allocate(0));
    }

    /** Bytes through the driver's connections so far, both ways. */
    public long bytes() {
        return links.stream()
                .mapToLong(link -> link.bytesSent() + link.bytesReceived())
                .sum();
    }

    /** Connections closed for not presenting the run's token (or not registering properly). */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.close();
        links.forEach(Link::close);
        inbox.drain();
    }
}
