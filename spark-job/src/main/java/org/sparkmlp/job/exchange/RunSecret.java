package org.sparkmlp.job.exchange;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.SparkEnv;

/**
 * The per-run random secret that every connection of the exchange must prove it knows. It travels to the tasks in
 * their closure; with {@code spark.authenticate} the proof also mixes in Spark's own secret, which each JVM takes
 * from its Spark environment, so that a reader of the closure alone cannot join.
 */
public final class RunSecret implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int TOKEN_BYTES = 32;

    private final byte[] secret;

    private RunSecret(byte[] secret) {
        this.secret = secret;
    }

    public static RunSecret random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new RunSecret(secret);
    }

    /** The proof this JVM presents: HMAC-SHA256 keyed by the run's secret over Spark's secret (if any). */
    byte[] token() {
        SparkEnv env = SparkEnv.get();
        return token(
                env != null && env.securityManager().isAuthenticationEnabled()
                        ? env.securityManager().getSecretKey()
                        : "");
    }

    /** The proof of a JVM whose Spark secret is {@code sparkSecret} (empty without {@code spark.authenticate}). */
    byte[] token(String sparkSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(sparkSecret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code presented} is this run's token, compared in constant time. */
    static boolean matches(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }
}
