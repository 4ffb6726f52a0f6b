package org.sparkmlp.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyCurveTest {
    private static AccuracyCurve curve() {
        AccuracyCurve curve = new AccuracyCurve("test");
        curve.add(0, 0, 0.10);
        curve.add(2.5, 100, 0.81);
        curve.add(5.0, 200, 0.79);
        curve.add(7.5, 300, 0.86);
        return curve;
    }

    @Test
    void timeToAnAccuracyIsTheFirstEvaluationThatReachedIt() {
        assertEquals(2.5, curve().secondsTo(0.80));
        assertEquals(7.5, curve().secondsTo(0.85));
        assertEquals(7.5, curve().secondsTo(0.86));
    }

    @Test
    void anAccuracyNeverReachedHasNoTime() {
        assertTrue(Double.isNaN(curve().secondsTo(0.88)));
    }

    @Test
    void samplesPerSecondCountTheRowsOfEveryIterationOverTheWholeCurve() {
        assertEquals(300 * 128 / 7.5, curve().samplesPerSecond(128), 1e-9);
    }
}
