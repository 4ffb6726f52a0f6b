package org.sparkmlp.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientSumTest {

    @Test
    void aSumRoundedToFloat32AddsInFloat32AndResetMakesItFloat64Again() {
        double third = 1.0 / 3.0;
        GradientSum sum = new GradientSum(new double[] {third, 1.0}, 0.5, 1).roundToFloat32();
        assertTrue(sum.isFloat32());
        assertArrayEquals(new double[] {(float) third, 1.0}, sum.gradient(), 0.0);

        float tiny = 0x1p-30f; // below half an FP32 ulp of 1: FP32 addition drops it, FP64 keeps it
        sum.add(new GradientSum(new double[] {third, tiny}, 0.25, 2).roundToFloat32());
        assertArrayEquals(new double[] {(float) third + (float) third, 1.0}, sum.gradient(), 0.0);
        assertEquals(0.75, sum.lossSum(), 0.0);
        assertEquals(3, sum.count());

        sum.reset();
        assertFalse(sum.isFloat32());
        sum.add(new GradientSum(new double[] {1.0, 1.0}, 0, 1)).add(new GradientSum(new double[] {tiny, 0}, 0, 1));
        assertEquals(1.0 + tiny, sum.gradient()[0], 0.0);
    }
}
