package org.sparkmlp.job.exchange;

/**
 * A chunk of WEIGHTS or SUM values handed over by reference on the in-JVM transport, instead of copied into bytes:
 * {@code values[from, from + n)} (FP64) or {@code values32[from, from + n)} (FP32, for {@code --wire float32}; the
 * other array is null) of an array whose owner (the driver's parameters or their FP32 rounding, a task's sum or its
 * FP32 running sum) does not write that range again until the iteration's sum has reached the driver, and which its
 * receivers only read. The chain's order keeps that promise ({@link ChainMember}).
 */
record LentChunk(byte type, double[] values, float[] values32, int from, int n) {
    /** A chunk of FP64 values. */
    LentChunk(byte type, double[] values, int from, int n) {
        this(type, values, null, from, n);
    }

    /** A chunk of FP32 values. */
    LentChunk(byte type, float[] values32, int from, int n) {
        this(type, null, values32, from, n);
    }

    boolean float32() {
        return values32 != null;
    }

    /** What the chunk would take on the wire as a frame (length, type, values): counted as such. */
    int frameBytes() {
        return Link.LENGTH_BYTES + 1 + n * (float32() ? Float.BYTES : Double.BYTES);
    }
}
