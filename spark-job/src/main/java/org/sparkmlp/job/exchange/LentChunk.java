package org.sparkmlp.job.exchange;

/**
 * A chunk of WEIGHTS or SUM values handed over by reference on the in-JVM transport, instead of copied into bytes:
 * {@code values[from, from + n)} of an array whose owner (the driver's parameters, a task's sum, a link's FP32
 * rounding of either) does not write that range again until the iteration's sum has reached the driver, and which
 * its receivers only read. The chain's order keeps that promise ({@link ChainMember}).
 *
 * @param float32 whether the values are FP32 ones ({@code --wire float32}), held as doubles
 */
record LentChunk(byte type, double[] values, int from, int n, boolean float32) {
    /** What the chunk would take on the wire as a frame (length, type, values): counted as such. */
    int frameBytes() {
        return Link.LENGTH_BYTES + 1 + n * (float32 ? Float.BYTES : Double.BYTES);
    }
}
