package org.sparkmlp.job.exchange;

import io.netty.channel.local.LocalAddress;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where an end of the exchange listens: a host and port over TCP, or a name in Netty's in-JVM transport, which
 * only the ends in the same JVM reach (a local master's tasks run in the driver's JVM) and which hands a frame's
 * buffer over without the kernel. All ends of one stage use the coordinator's {@link Kind}.
 *
 * @param host for {@link Kind#IN_JVM}, the name the end is bound to
 * @param port for {@link Kind#IN_JVM}, 0
 */
public record Address(Kind kind, String host, int port) implements Serializable {
    /** How the ends of one stage's exchange reach each other. */
    public enum Kind {
        /** Loopback or the network: tasks in other JVMs (any cluster). */
        TCP,
        /** Netty's {@code LocalChannel}: every end in one JVM (a local master). */
        IN_JVM;

        @Override
        public String toString() {
            return this == TCP ? "TCP" : "the in-JVM transport";
        }
    }

    SocketAddress socketAddress() {
        return kind == Kind.TCP ? new InetSocketAddress(host, port) : new LocalAddress(host);
    }

    @Override
    public String toString() {
        return kind == Kind.TCP ? host + ":" + port : "in-JVM " + host;
    }
}
