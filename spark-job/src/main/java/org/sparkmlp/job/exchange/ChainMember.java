package org.sparkmlp.job.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.sparkmlp.core.network.GradientSum;

/**
 * A task's place in the chain of its barrier stage's exchange (see {@link Coordinator}): it receives each
 * iteration's parameters from its predecessor (the driver, for task 0) and forwards them chunk by chunk as they
 * arrive; then it receives the running sum, adds its own partitions' sums to it chunk by chunk, and forwards it to
 * its successor (the driver, for the last task). The sums are added one partition at a time in partition order,
 * so the driver receives exactly {@code ((s0 + s1) + s2) + …}, the jobs engine's sum, to the last bit.
 *
 * <p>On the in-JVM transport the chunks are lent ({@link LentChunk}), not copied: a task reads the driver's own
 * parameters, and the running sum grows in place in a task's partition sums, lent on to the successor. The chain's
 * order makes that safe without locks. A task reads the parameters only until it sends its sum, and writes its
 * partition sums only once it has received all of the next iteration's parameters. The driver writes a chunk of
 * the parameters only once it has received that chunk of the sum, which the last task sends only after every task
 * has sent its own (so has stopped reading the parameters); and it sends the next iteration's last chunk only
 * after it has read every chunk of the sum (so no task writes a sum that is still being read). A failed stage's
 * tasks may still read the parameters while the driver restores them: their sums go nowhere.
 */
public final class ChainMember implements Closeable {
    private final int index;
    private final byte[] token;
    private final long timeoutMillis;
    private final Inbox inbox;
    private final EventLoop loop;
    /** Parameters per chunk ({@link Frames#chunk}). */
    private final int chunk;
    /** Where the running sum's chunks that came as bytes are read, each at its place in the vector. */
    private double[] running;
    /** {@link #running} for an FP32 sum. */
    private float[] running32;
    /** Where FP32 parameters that came as bytes are read. */
    private float[] parameters32;
    /**
     * This task's FP32 running sum, which it passes on (lent in the JVM): its partitions' sums rounded to FP32 and
     * added, in FP32, to the predecessor's.
     */
    private float[] sum32;
    /** This iteration's parameters: the task's array, where they were read, or the driver's, lent; or null. */
    private double[] weights;
    /** This iteration's FP32 parameters: this member's array, where they were read, or the driver's, lent; or null. */
    private float[] weights32;
    /** The next iteration's frames that arrived while the sum of this one was still on its way. */
    private final Queue<Frame> ahead = new ArrayDeque<>();
    /** Whether this iteration's parameters came in FP32: then the sums go on in FP32 too. */
    private boolean float32;

    private Channel server;
    private Link control;
    private Link in;
    private Link out;
    /** Guarded by this: the predecessor is admitted on the event loop, maybe before the successor is known. */
    private Link admitted;
    /** Guarded by this: where the predecessor's frames go on as they arrive; none for the last task. */
    private Link forward;

    /** The predecessor's connection, admitted. */
    private record Predecessor(Link link) {}

    private ChainMember(Address.Kind kind, int index, byte[] token, long timeoutMillis, BooleanSupplier waiting) {
        this.loop = Transport.loop(kind);
        this.chunk = Frames.chunk(kind);
        this.index = index;
        this.token = token;
        this.timeoutMillis = timeoutMillis;
        this.inbox = new Inbox(waiting);
    }

    /**
     * Registers task {@code index} with the coordinator and links it into the chain, all within the timeout.
     *
     * @param waiting asked while waiting: false (e.g. the task was killed) aborts
     */
    public static ChainMember join(
            Address coordinator, RunSecret secret, int index, long timeoutMillis, BooleanSupplier waiting)
            throws ExchangeException {
        ChainMember member = new ChainMember(coordinator.kind(), index, secret.token(), timeoutMillis, waiting);
        try {
            member.link(coordinator);
            return member;
        } catch (ExchangeException | RuntimeException e) {
            member.close();
            throw e;
        }
    }

    private void link(Address coordinator) throws ExchangeException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        control = Transport.connect(loop, coordinator, "the coordinator at " + coordinator, timeoutMillis, inbox);
        server = Transport.listen(loop, coordinator.kind(), control.localHost(), timeoutMillis, inbox, this::admit);
        Address listening = Transport.address(server, control.localHost());
        control.send(Frames.HELLO, new Frames.Hello(token, index, listening.port(), listening.host()).encode());
        int port;
        String host;
        // the coordinator tells the predecessor our address as it tells us our successor's, so the predecessor
        // may connect before our NEXT arrives: its admission is set aside until the wait for it below
        String awaited = "the address of the next task";
        Supplier<String> late = () -> "no " + awaited + " from the coordinator within " + timeoutMillis / 1000 + " s";
        Object early = null;
        Object item = inbox.take(deadline, awaited, late);
        if (item instanceof Predecessor) {
            early = item;
            item = inbox.take(deadline, awaited, late);
        }
        if (!(item instanceof Frame next && next.from() == control && next.type() == Frames.NEXT)) {
            throw Inbox.unexpected(item, awaited);
        }
        try (next) {
            ByteBuffer message = next.message();
            port = message.getInt();
            byte[] name = new byte[message.getShort() & 0xffff];
            message.get(name);
            host = new String(name, StandardCharsets.UTF_8);
        }
        if (port < 0) {
            out = control;
        } else {
            out = Transport.connect(
                    loop, new Address(coordinator.kind(), host, port), "task " + (index + 1), timeoutMillis, inbox);
            out.send(Frames.HELLO, new Frames.Hello(token, index, -1, "").encode());
            synchronized (this) {
                forward = out;
                if (admitted != null) {
                    admitted.forwardTo(forward);
                }
            }
        }
        control.send(Frames.READY, ByteBuffer.allocate(0));
        item = early != null
                ? early
                : inbox.take(
                        deadline,
                        predecessor(),
                        () -> "no connection from " + predecessor() + " within " + timeoutMillis / 1000 + " s");
        if (!(item instanceof Predecessor predecessor)) {
            throw Inbox.unexpected(item, "the connection from " + predecessor());
        }
        in = predecessor.link();
    }

    private String predecessor() {
        return index == 0 ? "the driver" : "task " + (index - 1);
    }

    /** On the event loop: the first connection that presents the token as the predecessor is it; others close. */
    private boolean admit(Link link, byte type, ByteBuf payload) {
        Frames.Hello hello = type == Frames.HELLO ? Frames.Hello.decode(payload.nioBuffer()) : Frames.Hello.NONE;
        synchronized (this) {
            if (admitted != null || !RunSecret.matches(token, hello.token()) || hello.index() != index - 1) {
                return false;
            }
            admitted = link;
            link.rename(predecessor());
            link.forwardTo(forward);
        }
        inbox.put(new Predecessor(link));
        return true;
    }

    /**
     * Receives the next iteration's parameters (the link has forwarded them already): FP64 ones into {@code w} unless
     * they were lent, FP32 ones into an array of this member's unless they were lent ({@link #weights()},
     * {@link #weights32()}). Returns the iteration, or −1 when the span is over.
     */
    public long receiveWeights(double[] w) throws ExchangeException {
        Object item = !ahead.isEmpty()
                ? ahead.poll()
                : inbox.take(
                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                        "the next iteration from " + in.peer(),
                        () -> "nothing from " + in.peer() + " for " + timeoutMillis / 1000 + " s (waiting for the next "
                                + "iteration)");
        if (!(item instanceof Frame frame
                && frame.from() == in
                && (frame.type() == Frames.ITERATION || frame.type() == Frames.END))) {
            throw Inbox.unexpected(item, "an iteration");
        }
        long t;
        try (frame) {
            if (frame.type() == Frames.END) {
                return -1;
            }
            t = frame.message().getLong();
        }
        Object array = null; // the one array every chunk of the parameters is in
        for (int start = 0; start < w.length; start = Frames.chunkEnd(chunk, start, w.length)) {
            int n = Frames.chunkEnd(chunk, start, w.length) - start;
            try (Frame arrived = !ahead.isEmpty()
                    ? expected(ahead.poll(), Frames.WEIGHTS, "a chunk of the parameters")
                    : inbox.expect(in, Frames.WEIGHTS, "a chunk of the parameters", timeoutMillis)) {
                if (start == 0) {
                    float32 = arrived.isFloat32(n);
                }
                Object values = float32
                        ? arrived.values32(parameters32(w.length), start, n, "a chunk of the parameters")
                        : arrived.values(w, start, n, "a chunk of the parameters");
                if (array != null && values != array) {
                    throw new ExchangeException(in.peer() + " sent the chunks of iteration " + t
                            + "'s parameters in different arrays or formats");
                }
                array = values;
            }
        }
        weights = float32 ? null : (double[]) array;
        weights32 = float32 ? (float[]) array : null;
        return t;
    }

    /**
     * Where the FP64 parameters that {@link #receiveWeights} received are (null if they came in FP32): to read only,
     * and only until this task has passed its sums on.
     */
    public double[] weights() {
        return weights;
    }

    /** {@link #weights()} for parameters that came in FP32 (else null). */
    public float[] weights32() {
        return weights32;
    }

    /**
     * Adds this task's partition sums, in partition order, to the running sum from the predecessor (task 0 starts
     * it with its first partition's) and passes the result on. When the parameters came in FP32, every partition's
     * sum is rounded to FP32 and added in FP32, as {@link GradientSum#add} adds FP32 sums, so the driver receives the
     * jobs engine's FP32 sum to the last bit; the running sum then grows in an FP32 array of this member's. An FP64
     * running sum grows in place, in the gradient of this task's first partition with rows of the minibatch (task
     * 0's first partition), which it overwrites.
     */
    public void passSums(GradientSum[] partitions) throws ExchangeException {
        int own = index == 0 ? 1 : 0;
        // the totals first, so that the driver can check them before it applies the sum's first chunk
        double loss;
        long count;
        if (index == 0) {
            loss = partitions[0].lossSum();
            count = partitions[0].count();
        } else {
            try (Frame totals = sumFrame(Frames.TOTALS, "the sum's totals")) {
                ByteBuffer message = totals.message();
                loss = message.getDouble();
                count = message.getLong();
            }
        }
        boolean adds = false; // whether this task adds to the running sum it starts or receives
        int into = index == 0 ? 0 : -1; // the partition whose sum the running sum grows in: the first with rows
        for (int p = own; p < partitions.length; p++) {
            if (partitions[p].count() > 0) {
                loss += partitions[p].lossSum();
                count += partitions[p].count();
                adds = true;
                into = into < 0 ? p : into;
            }
        }
        out.send(
                Frames.TOTALS,
                ByteBuffer.allocate(Double.BYTES + Long.BYTES).putDouble(loss).putLong(count));
        int parameters = partitions[0].gradient().length;
        for (int start = 0; start < parameters; start = Frames.chunkEnd(chunk, start, parameters)) {
            int n = Frames.chunkEnd(chunk, start, parameters) - start;
            if (float32) {
                passSum32(partitions, into, start, n);
                continue;
            }
            if (index == 0 && !adds) {
                // the first partition's sum is the running sum: sent from where it is
                out.send(Frames.SUM, partitions[0].gradient(), start, n);
                continue;
            }
            if (index > 0) {
                try (Frame arrived = sumFrame(Frames.SUM, "a chunk of the sum")) {
                    double[] received = arrived.values(running(parameters), start, n, "a chunk of the sum");
                    if (into < 0) {
                        // no rows of the minibatch here: the running sum goes on as it is
                        out.send(Frames.SUM, received, start, n);
                        continue;
                    }
                    // received + mine: the bits of mine + received, IEEE addition being commutative
                    add(partitions[into].gradient(), received, start, n);
                }
            }
            double[] sum = partitions[into].gradient();
            for (int p = into + 1; p < partitions.length; p++) {
                // as GradientSum.add: a partition without rows of the minibatch adds nothing, not even a +0.0
                if (partitions[p].count() > 0) {
                    add(sum, partitions[p].gradient(), start, n);
                }
            }
            out.send(Frames.SUM, sum, start, n);
        }
    }

    /**
     * Passes on chunk {@code [start, start + n)} of an FP32 running sum: the predecessor's (none for task 0) plus
     * each of this task's partition sums from {@code into} on that has rows of the minibatch, in partition order, each
     * rounded to FP32 and added in FP32 (float addition rounds exactly as {@link GradientSum#add} rounds an FP32 sum's
     * FP64 addition), into {@link #sum32}; or, when this task adds nothing, the predecessor's chunk as it came.
     */
    private void passSum32(GradientSum[] partitions, int into, int start, int n) throws ExchangeException {
        int end = start + n;
        float[] received = null;
        if (index > 0) {
            try (Frame arrived = sumFrame(Frames.SUM, "a chunk of the sum")) {
                received = arrived.values32(running32(partitions[0].gradient().length), start, n, "a chunk of the sum");
            }
            if (into < 0) {
                out.send(Frames.SUM, received, start, n);
                return;
            }
        }
        float[] sum = sum32(partitions[0].gradient().length);
        double[] first = partitions[into].gradient();
        if (received == null) {
            for (int k = start; k < end; k++) {
                sum[k] = (float) first[k];
            }
        } else {
            for (int k = start; k < end; k++) {
                sum[k] = (float) first[k] + received[k];
            }
        }
        for (int p = into + 1; p < partitions.length; p++) {
            // as GradientSum.add: a partition without rows of the minibatch adds nothing, not even a +0.0
            if (partitions[p].count() > 0) {
                double[] g = partitions[p].gradient();
                for (int k = start; k < end; k++) {
                    sum[k] += (float) g[k];
                }
            }
        }
        out.send(Frames.SUM, sum, start, n);
    }

    /** {@code sum[start, start + n) += g[start, start + n)}. */
    private static void add(double[] sum, double[] g, int start, int n) {
        for (int k = start; k < start + n; k++) {
            sum[k] += g[k];
        }
    }

    private double[] running(int parameters) {
        if (running == null) {
            running = new double[parameters];
        }
        return running;
    }

    private float[] running32(int parameters) {
        if (running32 == null) {
            running32 = new float[parameters];
        }
        return running32;
    }

    private float[] parameters32(int parameters) {
        if (parameters32 == null) {
            parameters32 = new float[parameters];
        }
        return parameters32;
    }

    private float[] sum32(int parameters) {
        if (sum32 == null) {
            sum32 = new float[parameters];
        }
        return sum32;
    }

    /**
     * The predecessor's next frame of the sum, of type {@code type}, within the timeout. The driver sends the next
     * iteration's parameters as it applies the sum's chunks, so they may arrive on the same connection before the
     * rest of the sum: they are set aside for {@link #receiveWeights} (they were forwarded on arrival).
     */
    private Frame sumFrame(byte type, String what) throws ExchangeException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Object item = inbox.take(
                    deadline,
                    what + " from " + in.peer(),
                    () -> "nothing from " + in.peer() + " for " + timeoutMillis / 1000 + " s (waiting for " + what
                            + ")");
            if (item instanceof Frame frame && frame.from() == in && Frames.forwarded(frame.type())) {
                ahead.add(frame);
            } else {
                return expected(item, type, what);
            }
        }
    }

    /** {@code item}, if it is a frame of type {@code type} from the predecessor. */
    private Frame expected(Object item, byte type, String what) throws ExchangeException {
        if (item instanceof Frame frame && frame.from() == in && frame.type() == type) {
            return frame;
        }
        throw Inbox.unexpected(item, what);
    }

    @Override
    public void close() {
        Link predecessor;
        synchronized (this) {
            predecessor = admitted;
        }
        for (Link link : new Link[] {control, predecessor, out}) {
            if (link != null) {
                link.close();
            }
        }
        if (server != null) {
            server.close();
        }
        ahead.forEach(Frame::close);
        ahead.clear();
        inbox.drain();
    }
}
