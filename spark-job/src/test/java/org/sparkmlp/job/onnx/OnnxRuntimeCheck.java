package org.sparkmlp.job.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs an exported ONNX model in ONNX Runtime and compares its outputs with reference probabilities and classes
 * (max |Δp| ≤ {@value #TOLERANCE}, identical classes); shared by the unit test and the test through deploy/mlp.
 */
public final class OnnxRuntimeCheck {
    public static final double TOLERANCE = 1e-5;

    /** ONNX Runtime's outputs for {@code n} rows of {@code d} features. */
    public record Outputs(float[][] probability, long[] prediction) {}

    private OnnxRuntimeCheck() {}

    public static Outputs run(byte[] onnx, double[] features, int n, int d) throws OrtException {
        return run(
                onnx,
                features,
                n,
                d,
                result -> new Outputs(
                        (float[][]) result.get(ClassificationOutput.PROBABILITY)
                                .orElseThrow()
                                .getValue(),
                        (long[]) result.get(ClassificationOutput.PREDICTION)
                                .orElseThrow()
                                .getValue()));
    }

    /** ONNX Runtime's regression {@code prediction} [n, n(L)] for {@code n} rows of {@code d} features. */
    public static float[][] runRegression(byte[] onnx, double[] features, int n, int d) throws OrtException {
        return run(onnx, features, n, d, result -> (float[][])
                result.get(RegressionOutput.PREDICTION).orElseThrow().getValue());
    }

    /** What is read from a session's result while it is open. */
    private interface ResultReader<T> {
        T read(OrtSession.Result result) throws OrtException;
    }

    /** Runs the model on {@code n} rows of {@code d} features (as FP32, the graph's input) and reads the result. */
    private static <T> T run(byte[] onnx, double[] features, int n, int d, ResultReader<T> reader) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) features[i];
        }
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, d});
                OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
            return reader.read(result);
        }
    }

    /** Asserts agreement with {@code probability} (row-major n × K) and {@code prediction}; returns max |Δp|. */
    public static double assertAgrees(Outputs onnx, double[] probability, int[] prediction) {
        int n = prediction.length;
        assertEquals(n, onnx.prediction().length, "rows");
        int classes = probability.length / n;
        double worst = 0;
        int differing = 0;
        for (int r = 0; r < n; r++) {
            assertEquals(classes, onnx.probability()[r].length, "classes");
            for (int k = 0; k < classes; k++) {
                worst = Math.max(worst, Math.abs(onnx.probability()[r][k] - probability[r * classes + k]));
            }
            differing += onnx.prediction()[r] == prediction[r] ? 0 : 1;
        }
        assertTrue(worst <= TOLERANCE, "max |Δp| " + worst);
        assertEquals(0, differing, "rows whose ONNX class differs");
        return worst;
    }
}
