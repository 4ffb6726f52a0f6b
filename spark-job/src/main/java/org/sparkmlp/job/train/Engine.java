package org.sparkmlp.job.train;

/**
 * How the summed gradient of each iteration is computed on the cluster; both give the same weights.
 * <ul>
 * <li>{@code JOBS}: one Spark job per iteration, the parameters broadcast, the task sums added on the driver.
 * <li>{@code BARRIER}: one barrier stage per span of iterations; its tasks keep their blocks and exchange
 * parameters and sums with a coordinator on the driver through a chain in partition order
 * ({@link BarrierEngine}).
 * </ul>
 */
public enum Engine {
    JOBS,
    BARRIER
}
