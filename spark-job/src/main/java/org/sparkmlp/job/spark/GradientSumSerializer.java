package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;
import org.sparkmlp.core.network.GradientSum;

/**
 * Kryo form of a {@link GradientSum}: length, loss sum, count, whether it is FP32, then the gradient as its runs of
 * values (4 bytes each for an FP32 sum, whose values are FP32 numbers, so nothing is lost) between
 * stretches of zeros — or no gradient at all when the count is 0, as for a partition holding no row of the
 * minibatch, so empty task results cost bytes instead of megabytes.
 *
 * <p>The runs are what makes a sparse first layer's gradient cheap to send: ∂C/∂W(1) is zero in every column of a
 * feature absent from the task's rows, and a column is a stretch of n(1) zeros in the parameter layout. Each run
 * is (zeros skipped, values written), both as variable-length ints, then its values; zeros are skipped only in
 * stretches of at least {@value #MIN_SKIPPED} (shorter ones are written, since a run costs two ints), and only
 * +0.0 is skipped, so the gradient read back is the one written, bit for bit. A dense gradient costs one run.
 * The search for zeros {@linkplain GradientSum#skipUntouched skips} the columns a task's sum never touched, so
 * writing a task's result costs O(what its rows touched), not O(P).
 */
final class GradientSumSerializer extends Serializer<GradientSum> {
    /** Fewest zeros that end a run. */
    static final int MIN_SKIPPED = 4;

    @Override
    public void write(Kryo kryo, Output output, GradientSum sum) {
        double[] g = sum.gradient();
        output.writeInt(g.length, true);
        output.writeDouble(sum.lossSum());
        output.writeLong(sum.count(), true);
        boolean float32 = sum.isFloat32();
        output.writeBoolean(float32);
        if (sum.count() == 0) {
            return;
        }
        int k = 0;
        while (k < g.length) {
            int start = k;
            k = nextNonZero(sum, g, k);
            int end = runEnd(sum, g, k);
            output.writeInt(k - start, true);
            output.writeInt(end - k, true);
            for (; k < end; k++) {
                if (float32) {
                    output.writeFloat((float) g[k]);
                } else {
                    output.writeDouble(g[k]);
                }
            }
        }
    }

    @Override
    public GradientSum read(Kryo kryo, Input input, Class<GradientSum> type) {
        int length = input.readInt(true);
        double lossSum = input.readDouble();
        long count = input.readLong(true);
        boolean float32 = input.readBoolean();
        double[] gradient = GradientArrays.zeroed(length);
        int[] runs = new int[16];
        int runCount = 0;
        if (count > 0) {
            int k = 0;
            while (k < length) {
                k += input.readInt(true);
                int end = k + input.readInt(true);
                if (2 * runCount + 2 > runs.length) {
                    runs = Arrays.copyOf(runs, 2 * runs.length);
                }
                runs[2 * runCount] = k;
                runs[2 * runCount++ + 1] = end;
                for (; k < end; k++) {
                    gradient[k] = float32 ? input.readFloat() : input.readDouble();
                }
            }
        }
        // the runs go with the sum, so that the driver adds it in O(their length)
        GradientSum sum = new GradientSum(gradient, lossSum, count, runs, runCount);
        return float32 ? sum.roundToFloat32() : sum;
    }

    /** The first index at or after {@code k} whose entry is not +0.0, or the length. */
    private static int nextNonZero(GradientSum sum, double[] g, int k) {
        k = sum.skipUntouched(k);
        while (k < g.length && isZero(g[k])) {
            k = sum.skipUntouched(k + 1);
        }
        return k;
    }

    /** The end of the run starting at {@code from}: the next stretch of ≥ MIN_SKIPPED zeros, or the end. */
    private static int runEnd(GradientSum sum, double[] g, int from) {
        int k = from;
        while (k < g.length) {
            if (!isZero(g[k])) {
                k++;
                continue;
            }
            int zeros = nextNonZero(sum, g, k);
            if (zeros - k >= MIN_SKIPPED || zeros == g.length) {
                return k;
            }
            k = zeros;
        }
        return k;
    }

    private static boolean isZero(double v) {
        return Double.doubleToRawLongBits(v) == 0L;
    }
}
