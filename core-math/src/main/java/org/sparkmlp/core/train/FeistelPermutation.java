package org.sparkmlp.core.train;

/**
 * A keyed pseudo-random permutation of [0, N): a balanced Feistel network on the smallest even number of
 * bits covering N, with cycle walking to stay inside [0, N). Since the Feistel domain is less than 4N,
 * a lookup takes fewer than 4 rounds of walking on average, and nothing of size N is ever stored.
 * The same (N, key) gives the same permutation on every JVM.
 */
public final class FeistelPermutation implements EpochOrder {
    private static final int ROUNDS = 6;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    public FeistelPermutation(long size, long key) {
        if (size <= 0) {
            throw new IllegalArgumentException("an epoch needs at least one row, got " + size);
        }
        if (size > 1L << 62) {
            throw new IllegalArgumentException("cannot permute " + size + " rows");
        }
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        this.size = size;
        long state = key;
        for (int i = 0; i < ROUNDS; i++) {
            state += 0x9E3779B97F4A7C15L;
            roundKeys[i] = mix(state);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long rowAt(long position) {
        checkIndex(position);
        long x = encrypt(position);
        while (x >= size) {
            x = encrypt(x);
        }
        return x;
    }

    @Override
    public long positionOf(long row) {
        checkIndex(row);
        long x = decrypt(row);
        while (x >= size) {
            x = decrypt(x);
        }
        return x;
    }

    @Override
    public boolean isIdentity() {
        return false;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int i = 0; i < ROUNDS; i++) {
            long next = left ^ round(right, i);
            left = right;
            right = next;
        }
        return left << halfBits | right;
    }

    private long decrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int i = ROUNDS - 1; i >= 0; i--) {
            long previous = right ^ round(left, i);
            right = left;
            left = previous;
        }
        return left << halfBits | right;
    }

    private long round(long half, int i) {
        return mix(half ^ roundKeys[i]) & halfMask;
    }

    /** SplitMix64's finaliser: a strong 64-bit mixing function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void checkIndex(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " is outside [0, " + size + ")");
        }
    }
}
