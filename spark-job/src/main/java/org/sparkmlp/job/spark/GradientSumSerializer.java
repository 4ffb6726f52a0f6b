package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.sparkmlp.core.network.GradientSum;

/**
 * Kryo form of a {@link GradientSum}: length, loss sum, count, then the gradient in one bulk write —
 * or no gradient at all when the count is 0, as for a partition holding no row of the minibatch, so
 * empty task results cost bytes instead of megabytes.
 */
final class GradientSumSerializer extends Serializer<GradientSum> {
    @Override
    public void write(Kryo kryo, Output output, GradientSum sum) {
        output.writeInt(sum.gradient().length, true);
        output.writeDouble(sum.lossSum());
        output.writeLong(sum.count(), true);
        if (sum.count() > 0) {
            output.writeDoubles(sum.gradient());
        }
    }

    @Override
    public GradientSum read(Kryo kryo, Input input, Class<GradientSum> type) {
        int length = input.readInt(true);
        double lossSum = input.readDouble();
        long count = input.readLong(true);
        double[] gradient = count > 0 ? input.readDoubles(length) : new double[length];
        return new GradientSum(gradient, lossSum, count);
    }
}
