package org.sparkmlp.job.ml;

import java.io.Serializable;
import org.sparkmlp.core.network.Backpropagation;
import org.sparkmlp.core.network.Topology;

/**
 * A model's forward passes for one row at a time: a {@link Backpropagation} of the network per thread of the JVM
 * that predicts, since a pass keeps buffers; made on a thread's first row, never serialized.
 */
final class ForwardPasses implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Topology topology;
    private transient ThreadLocal<Backpropagation> passes;

    ForwardPasses(Topology topology) {
        this.topology = topology;
    }

    /** This thread's forward pass of the network, with its buffers. */
    Backpropagation get() {
        if (passes == null) {
            passes = ThreadLocal.withInitial(() -> new Backpropagation(topology));
        }
        return passes.get();
    }
}
