package org.sparkmlp.job.ml;

/**
 * Spark's Scala params ask for {@code uid()} while the Spark superclass constructor runs, before a Java subclass
 * can assign its own fields (a Scala class's constructor parameters are set before that). A constructor offers
 * its uid here first, through the argument list of a delegating {@code this(…)} call, and {@code uid()} reads it
 * from here until the field is set.
 */
final class PendingUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private PendingUid() {}

    /** Stores {@code uid} for the constructor about to run on this thread. */
    static String offer(String uid) {
        PENDING.set(uid);
        return uid;
    }

    /** The uid offered for the constructor running on this thread. */
    static String get() {
        return PENDING.get();
    }

    /** The constructor has set its field. */
    static void clear() {
        PENDING.remove();
    }
}
