package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;

/**
 * A redis-server that speaks only TLS ({@code port 0}, {@code tls-port}) with the given server certificate and CA;
 * with {@code clientsAuth} it refuses clients without a certificate signed by that CA. Close it after the test.
 */
public final class RedisTlsTestServer implements AutoCloseable {

    private final EmbeddedRedis server;
    private final int tlsPort;

    private RedisTlsTestServer(EmbeddedRedis server, int tlsPort) {
        this.server = server;
        this.tlsPort = tlsPort;
    }

    public static RedisTlsTestServer start(
            TestCertificates.Leaf certificate, TestCertificates.Ca ca, boolean clientsAuth, String... settings) {
        int tlsPort = EmbeddedRedis.freePort();
        String[] all = new String[6 + settings.length];
        all[0] = "port 0";
        all[1] = "tls-port " + tlsPort;
        all[2] = "tls-cert-file " + certificate.certificate();
        all[3] = "tls-key-file " + certificate.key();
        all[4] = "tls-ca-cert-file " + ca.pem();
        all[5] = "tls-auth-clients " + (clientsAuth ? "yes" : "no");
        System.arraycopy(settings, 0, all, 6, settings.length);
        return new RedisTlsTestServer(EmbeddedRedis.start(0, all), tlsPort);
    }

    /** The TLS address on loopback by IP. */
    public String address() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void close() {
        server.close();
    }
}
