package org.sparkmlp.job.train;

/**
 * The floating-point format of a training run's arithmetic ({@code --precision}) or of the parameters and sums it
 * sends between driver and tasks ({@code --wire}). The driver keeps the parameters and the optimizer state in FP64
 * either way.
 * <ul>
 * <li>{@code FLOAT64}: exact as far as FP64 goes; the results do not depend on the partitioning.
 * <li>{@code FLOAT32}: for compute, backpropagation with FP32 matrices ({@code sgemm}); on the wire, half the
 * bytes, the tasks' sums rounded to FP32 and added in FP32 in partition order. Results are bit-identical from run
 * to run and depend on the partitioning within FP32 rounding.
 * </ul>
 */
public enum Precision {
    FLOAT64,
    FLOAT32
}
