package io.redkit.testing;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedissonConfigs;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The real redis-server every test talks to: one per test JVM, on a free port, started before the first test by
 * {@link RedisHarnessListener}. Tests may {@link #stop()} and {@link #start()} it (same port) to simulate an outage.
 */
public final class RedisTestServer {

    /** System property carrying the harness address to arquillian.xml and to Payara Micro processes. */
    public static final String ADDRESS_PROPERTY = "redkit.test.redis.address";

    private static final RedisTestServer SHARED = new RedisTestServer();

    private int port;
    private EmbeddedRedis server;

    private RedisTestServer() {}

    public static RedisTestServer shared() {
        SHARED.ensureStarted();
        return SHARED;
    }

    /** Stops the shared server if it was ever started; for the end of the test run. */
    public static void stopShared() {
        SHARED.stop();
    }

    synchronized void ensureStarted() {
        if (server == null) {
            start();
        }
    }

    /** Starts redis-server; after {@link #stop()} it comes back on the same port, empty. */
    public synchronized void start() {
        if (server != null && server.isActive()) {
            return;
        }
        server = EmbeddedRedis.start(port);
        port = server.port();
        System.setProperty(ADDRESS_PROPERTY, address());
    }

    public synchronized void stop() {
        if (server != null && server.isActive()) {
            server.close();
        }
    }

    public synchronized boolean isRunning() {
        return server != null && server.isActive();
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** A Redisson client configured exactly as the application configures one for an address. */
    public RedissonClient newClient() {
        return newClient(Map.of());
    }

    /** As {@link #newClient()}, with extra {@code redkit.redis.*} settings. */
    public RedissonClient newClient(Map<String, String> overrides) {
        java.util.HashMap<String, String> values = new java.util.HashMap<>(overrides);
        values.putIfAbsent(RedisSettings.ADDRESS, address());
        RedisSettings settings = RedisSettings.from(ConfigReader.of(values));
        return Redisson.create(RedissonConfigs.create(settings, null, getClass().getClassLoader()));
    }
}
