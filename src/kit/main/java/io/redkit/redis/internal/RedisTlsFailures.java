package io.redkit.redis.internal;

import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedisTls;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tells a TLS failure from an outage: a server certificate that is not trusted, issued for another host, or a server
 * that wants a client certificate. Used by the readiness check so that an operator reads which setting to fix.
 */
public final class RedisTlsFailures {

    private RedisTlsFailures() {}

    /** A sentence naming the cause and the setting to check, or empty when the chain holds no TLS failure. */
    public static Optional<String> describe(Throwable exception) {
        SSLException tls = null;
        Throwable deepest = null;
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SSLException ssl) {
                tls = ssl;
            }
            deepest = t;
            if (t.getCause() == t) {
                break;
            }
        }
        if (tls == null) {
            return Optional.empty();
        }
        return Optional.of("TLS handshake failed: " + reason(tls, deepest));
    }

    private static String reason(SSLException tls, Throwable deepest) {
        String text = String.valueOf(tls.getMessage()) + " " + String.valueOf(deepest.getMessage());
        if (deepest instanceof CertPathValidatorException || text.contains("PKIX path")) {
            return "server certificate not trusted (check " + RedisTls.TRUSTSTORE + ")";
        }
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "server certificate not issued for this host (check the host in " + RedisSettings.ADDRESS + ", or "
                    + RedisTls.VERIFY + "=ca-only)";
        }
        if (text.contains("certificate_required")
                || text.contains("bad_certificate")
                || text.contains("handshake_failure")) {
            return "the server refused the client certificate or wants one (check " + RedisTls.KEYSTORE + ")";
        }
        if (deepest instanceof CertificateException) {
            return "server certificate rejected: " + deepest.getMessage() + " (check " + RedisTls.TRUSTSTORE + ")";
        }
        return (tls instanceof SSLHandshakeException ? "" : "TLS error: ") + tls.getMessage();
    }
}
