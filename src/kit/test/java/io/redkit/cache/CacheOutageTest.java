package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedisSettings;
import io.redkit.testing.FaultyRedis;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BYPASS outage policy against a redis-server that persists (AOF, {@code appendfsync always}) and is killed: a
 * write skipped while Redis was down must not leave the old value readable once Redis has come back with it — on the
 * node that skipped the write, nor on another node that only reads.
 */
class CacheOutageTest {

    private static final URI URI_ = URI.create("redkit:outage-test");

    private FaultyRedis redis;
    private RedkitCachingProvider providerA;
    private RedkitCachingProvider providerB;
    private Cache<String, String> onA;
    private Cache<String, String> onB;

    @BeforeEach
    void start() {
        redis = FaultyRedis.start(true);
        Properties properties = new Properties();
        properties.setProperty(RedkitCachingProvider.ADDRESS, redis.address());
        properties.setProperty(RedisSettings.TIMEOUT, "300ms");
        properties.setProperty(CacheSettings.OUTAGE_POLICY, "bypass");
        properties.setProperty(CacheSettings.OUTAGE_RETRY, "200ms");
        providerA = new RedkitCachingProvider();
        providerB = new RedkitCachingProvider();
        MutableConfiguration<String, String> config =
                new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        onA = providerA
                .getCacheManager(URI_, getClass().getClassLoader(), properties)
                .createCache("prices", config);
        onB = providerB
                .getCacheManager(URI_, getClass().getClassLoader(), properties)
                .createCache("prices", config);
    }

    @AfterEach
    void stop() {
        providerA.close();
        providerB.close();
        redis.close();
    }

    @Test
    void writeSkippedDuringAnOutage_OldValueBackFromPersistence_IsNotReadOnAnyNode() {
        onA.put("tea", "450");
        assertEquals("450", onB.get("tea"), "both nodes connected and reading");

        redis.kill();
        onA.put("tea", "500"); // BYPASS: no exception, the write skips Redis
        assertNull(onA.get("tea"), "reads miss while Redis is down");
        redis.restart(true); // the AOF brings "450" back

        assertNull(onB.get("tea"), "node B, which only read, does not serve the value node A replaced");
        assertNull(onA.get("tea"), "nor does node A");
        Awaitility.await("caching works again")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    onA.put("tea", "500");
                    return "500".equals(onB.get("tea"));
                });
    }

    @Test
    void remoteListener_SubscriberConnectionsKilled_HearsChangesAgain() {
        List<String> heard = new CopyOnWriteArrayList<>();
        onB.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new RedkitCacheTest.Recorder(heard)), null, true, false));
        Awaitility.await("node B hears node A")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    onA.put("before", Long.toString(System.nanoTime()));
                    return heard.stream().anyMatch(e -> e.contains(" before="));
                });

        long killed = redis.clientKill("pubsub");
        assertTrue(killed > 0, "subscriber connections were killed");
        long start = System.nanoTime();
        Awaitility.await("node B hears node A again after its subscription was killed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    onA.put("after", Long.toString(System.nanoTime()));
                    return heard.stream().anyMatch(e -> e.contains(" after="));
                });
        System.out.printf(
                "cache events: %d subscriber connections killed; delivered again after %d ms%n",
                killed, (System.nanoTime() - start) / 1_000_000);
    }
}
