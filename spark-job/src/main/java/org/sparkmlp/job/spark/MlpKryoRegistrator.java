package org.sparkmlp.job.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.Float32Block;
import org.sparkmlp.core.data.Float64Block;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.data.Uint8Block;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.core.network.GradientSum;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.core.train.RegressionEvaluation;
import org.sparkmlp.core.train.WeightDelta;
import org.sparkmlp.job.data.LabeledBlock;

/**
 * Registers every class of ours that Spark serializes — cached blocks, task results, broadcasts — so the
 * job can run with {@code spark.kryo.registrationRequired=true}: an unregistered class is an error, not a
 * silent fallback to writing class names.
 */
public final class MlpKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(GradientSum.class, new GradientSumSerializer());
        kryo.register(LabeledBlock.class);
        kryo.register(Targets.class);
        kryo.register(Float64Block.class);
        kryo.register(Float32Block.class);
        kryo.register(Uint8Block.class);
        kryo.register(CsrBlock.class);
        kryo.register(CsrMatrix.class);
        kryo.register(Evaluation.class);
        kryo.register(WeightDelta.class);
        kryo.register(RegressionEvaluation.class);
        kryo.register(double[].class);
        kryo.register(float[].class);
        kryo.register(byte[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(long[][].class);
        SparkClasses.register(kryo);
    }
}
