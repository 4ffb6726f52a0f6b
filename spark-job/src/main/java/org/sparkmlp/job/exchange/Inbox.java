package org.sparkmlp.job.exchange;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where everything one end of the exchange (the coordinator, or a chain member) receives arrives in order: the
 * frames of all its connections, the connections its gates admitted, and their failures, which Netty's event loop
 * puts here for the one thread that handles them. It is the one place that waits: in short slices, asking the owner
 * between them whether to go on (a cancelled task, a failed Spark job), so that every wait ends at the deadline or
 * at the first failure of any of the end's connections — never a hang.
 */
final class Inbox {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final BooleanSupplier waiting;

    /** @param waiting asked while waiting: false aborts the wait */
    Inbox(BooleanSupplier waiting) {
        this.waiting = waiting;
    }

    /** From the event loop: a {@link Frame}, an item of the owner's, or an {@link ExchangeException}. */
    void put(Object item) {
        items.add(item);
    }

    /**
     * The next item before {@code deadline} ({@link System#nanoTime()}); a failure that arrived first is thrown.
     *
     * @param waitingFor what the owner waits for, as in "stopped waiting for …"
     * @param late       the message when the deadline passes
     */
    Object take(long deadline, String waitingFor, Supplier<String> late) throws ExchangeException {
        while (true) {
            if (!waiting.getAsBoolean()) {
                throw new ExchangeException("stopped waiting for " + waitingFor);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ExchangeException(late.get());
            }
            Object item;
            try {
                item = items.poll(Math.min(SLICE_NANOS, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException("interrupted while waiting for " + waitingFor, e);
            }
            if (item instanceof ExchangeException failure) {
                throw new ExchangeException(failure.getMessage(), failure);
            }
            if (item != null) {
                return item;
            }
        }
    }

    /** The next frame, which must come from {@code from} and be of type {@code type}, within the timeout. */
    Frame expect(Link from, byte type, String what, long timeoutMillis) throws ExchangeException {
        Object item = take(
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                what + " from " + from.peer(),
                () -> "nothing from " + from.peer() + " for " + timeoutMillis / 1000 + " s (waiting for " + what + ")");
        if (item instanceof Frame frame && frame.from() == from && frame.type() == type) {
            return frame;
        }
        throw unexpected(item, what);
    }

    /** The failure for an item where {@code what} belongs; releases the item. */
    static ExchangeException unexpected(Object item, String what) {
        String message = item instanceof Frame frame
                ? frame.from().peer() + " sent frame type " + frame.type() + " where " + what + " belongs"
                : "an unexpected " + item.getClass().getSimpleName() + " where " + what + " belongs";
        if (item instanceof Frame frame) {
            frame.close();
        }
        return new ExchangeException(message);
    }

    /** Releases what nobody will read. */
    void drain() {
        for (Object item = items.poll(); item != null; item = items.poll()) {
            if (item instanceof Frame frame) {
                frame.close();
            }
        }
    }
}
