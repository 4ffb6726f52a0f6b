package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.sparkmlp.core.network.GradientSum;

/**
 * Kryo form of a {@link GradientSum}: length, loss sum, count, whether it is FP32, then the gradient in one bulk
 * write, four bytes a value for an FP32 sum (whose values are FP32 numbers, so nothing is lost) — or no gradient at
 * all when the count is 0, as for a partition holding no row of the minibatch, so empty task results cost bytes
 * instead of megabytes.
 */
final class GradientSumSerializer extends Serializer<GradientSum> {
    @Override
    public void write(Kryo kryo, Output output, GradientSum sum) {
        output.writeInt(sum.gradient().length, true);
        output.writeDouble(sum.lossSum());
        output.writeLong(sum.count(), true);
        output.writeBoolean(sum.isFloat32());
        if (sum.count() == 0) {
            return;
        }
        double[] gradient = sum.gradient();
        if (sum.isFloat32()) {
            for (double g : gradient) {
                output.writeFloat((float) g);
            }
        } else {
            output.writeDoubles(gradient);
        }
    }

    @Override
    public GradientSum read(Kryo kryo, Input input, Class<GradientSum> type) {
        int length = input.readInt(true);
        double lossSum = input.readDouble();
        long count = input.readLong(true);
        boolean float32 = input.readBoolean();
        double[] gradient;
        if (count == 0) {
            gradient = new double[length];
        } else if (float32) {
            gradient = new double[length];
            for (int k = 0; k < length; k++) {
                gradient[k] = input.readFloat();
            }
        } else {
            gradient = input.readDoubles(length);
        }
        GradientSum sum = new GradientSum(gradient, lossSum, count);
        return float32 ? sum.roundToFloat32() : sum;
    }
}
