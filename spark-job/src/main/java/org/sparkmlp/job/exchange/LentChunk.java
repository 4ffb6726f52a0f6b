package org.sparkmlp.job.exchange;

/**
 * A chunk of WEIGHTS or SUM values handed over by reference on the in-JVM transport, instead of copied into bytes:
 * {@code values[from, from + n)} of an array whose owner (the driver's parameters, a task's sum) does not write
 * that range again until the iteration's sum has reached the driver, and which its receivers only read. The chain's
 * order keeps that promise ({@link ChainMember}).
 */
record LentChunk(byte type, double[] values, int from, int n) {
    /** What the chunk would take on the wire as an FP64 frame (length, type, values): counted as such. */
    int frameBytes() {
        return Link.LENGTH_BYTES + 1 + n * Double.BYTES;
    }
}
