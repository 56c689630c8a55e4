package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.testing.RedisTestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * redkit's cache beyond the TCK, on the harness Redis: two managers made by two providers stand for two JVMs (each
 * its own node id, so events travel through Redis pub/sub as between real nodes).
 */
class RedkitCacheTest {

    private static final URI URI_ = URI.create("redkit:unit-test");

    private RedkitCachingProvider providerA;
    private RedkitCachingProvider providerB;
    private RedkitCacheManager nodeA;
    private RedkitCacheManager nodeB;

    @BeforeEach
    void managers() {
        Properties properties = new Properties();
        properties.setProperty(
                RedkitCachingProvider.ADDRESS, RedisTestServer.shared().address());
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "unit-cache");
        properties.setProperty(CacheSettings.NAMES, "declared");
        properties.setProperty("redkit.cache.declared.expiry", "accessed:5m");
        providerA = new RedkitCachingProvider();
        providerB = new RedkitCachingProvider();
        nodeA = (RedkitCacheManager) providerA.getCacheManager(URI_, getClass().getClassLoader(), properties);
        nodeB = (RedkitCacheManager) providerB.getCacheManager(URI_, getClass().getClassLoader(), properties);
    }

    @AfterEach
    void close() {
        for (String name : List.of("counter", "events", "declared", "immediate")) {
            Cache<?, ?> cache = nodeA.getCache(name);
            if (cache != null) {
                cache.clear();
            }
        }
        providerA.close();
        providerB.close();
    }

    /**
     * Reads and writes go as {@code EVALSHA}; after {@code SCRIPT FLUSH} (a restart, a failover to a node that never
     * ran them) Redis answers {@code NOSCRIPT} without running anything and the script is sent again with its text:
     * every operation still works, and a conditional write applies once.
     */
    @Test
    void afterScriptFlush_ReadsAndWritesSendTheirScriptsAgain() {
        MutableConfiguration<String, Integer> config =
                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
        Cache<String, Integer> onA = nodeA.createCache("counter", config);
        onA.put("k", 1);
        org.redisson.api.RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            redis.getScript().scriptFlush();
            assertEquals(1, onA.get("k"), "a read after the flush");
            redis.getScript().scriptFlush();
            assertTrue(onA.replace("k", 1, 2), "a conditional write after the flush applies");
            assertEquals(2, onA.get("k"));
            assertFalse(onA.replace("k", 1, 3), "and applied once: the old value no longer matches");
            redis.getScript().scriptFlush();
            assertEquals(1, onA.getAll(java.util.Set.of("k", "missing")).size(), "a bulk read after the flush");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void invokeIsAtomicAcrossNodes_NoLostIncrements() throws Exception {
        MutableConfiguration<String, Integer> config =
                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class);
        Cache<String, Integer> onA = nodeA.createCache("counter", config);
        Cache<String, Integer> onB = nodeB.createCache("counter", config);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Cache<String, Integer> cache = t % 2 == 0 ? onA : onB;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    cache.invoke("n", (entry, args) -> {
                        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                        return null;
                    });
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(400, onA.get("n"), "8 threads on 2 nodes x 50 increments, none lost");
        assertEquals(400, onB.get("n"));
    }

    @Test
    void aListenerOnOneNodeHearsChangesMadeOnTheOther() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        MutableConfiguration<String, String> config =
                new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        Cache<String, String> onA = nodeA.createCache("events", config);
        Cache<String, String> onB = nodeB.createCache("events", config);
        onB.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Recorder(heard)), null, true, false));
        onA.put("k", "v1");
        onA.put("k", "v2");
        Awaitility.await("both events heard on node B")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> heard.size() >= 2);
        assertEquals(List.of("CREATED k=v1", "UPDATED k=v2 (was v1)"), heard);
    }

    @Test
    void put_NothingNeedsTheOldEntry_OneRoundTrip_ListenerOrGetAndPut_ReadFirst() {
        MutableConfiguration<String, String> config =
                new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        Cache<String, String> cache = nodeA.createCache("events", config);
        cache.put("warm", "up"); // the first write may probe for other nodes' listeners (a read first)
        org.redisson.api.RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            Map<String, Long> before = io.redkit.testing.RedisCommandStats.read(redis);
            for (int i = 0; i < 100; i++) {
                cache.put("k" + (i % 10), "v" + i);
            }
            Map<String, Double> plain = io.redkit.testing.RedisCommandStats.perCall(
                    before, io.redkit.testing.RedisCommandStats.read(redis), 100);
            assertTrue(plain.getOrDefault("evalsha", 0.0) <= 1.05, "one script per put: " + plain);
            assertEquals("v99", cache.get("k9"));

            before = io.redkit.testing.RedisCommandStats.read(redis);
            for (int i = 0; i < 100; i++) {
                cache.getAndPut("k" + (i % 10), "w" + i);
            }
            Map<String, Double> getAndPut = io.redkit.testing.RedisCommandStats.perCall(
                    before, io.redkit.testing.RedisCommandStats.read(redis), 100);
            assertTrue(getAndPut.getOrDefault("evalsha", 0.0) >= 1.95, "read, then commit: " + getAndPut);

            List<String> heard = new CopyOnWriteArrayList<>();
            cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(new Recorder(heard)), null, true, true));
            cache.put("fresh", "1");
            cache.put("fresh", "2");
            assertEquals(List.of("CREATED fresh=1", "UPDATED fresh=2 (was 1)"), heard);
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void put_InOneRoundTrip_KeepsCreatedExpiryOnUpdate_AndRestartsModifiedExpiry() {
        org.redisson.api.RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            Cache<String, String> created = nodeA.createCache(
                    "events",
                    new MutableConfiguration<String, String>()
                            .setExpiryPolicyFactory(
                                    CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
            created.put("k", "v1");
            double first = expiryOf(redis, "events");
            Awaitility.await("Redis's clock moves")
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> redisMillis(redis) > (long) first - 3_600_000L + 5);
            created.put("k", "v2");
            assertEquals(first, expiryOf(redis, "events"), "an update keeps the creation expiry");
            assertEquals("v2", created.get("k"));

            Cache<String, String> modified = nodeA.createCache(
                    "counter",
                    new MutableConfiguration<String, String>()
                            .setExpiryPolicyFactory(javax.cache.expiry.ModifiedExpiryPolicy.factoryOf(
                                    javax.cache.expiry.Duration.ONE_HOUR)));
            modified.put("k", "v1");
            double set = expiryOf(redis, "counter");
            Awaitility.await("Redis's clock moves")
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> redisMillis(redis) > (long) set - 3_600_000L + 5);
            modified.put("k", "v2");
            assertTrue(expiryOf(redis, "counter") > set, "an update restarts a modified expiry");

            Cache<String, String> immediate = nodeA.createCache(
                    "immediate",
                    new MutableConfiguration<String, String>()
                            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ZERO)));
            immediate.put("gone", "at once");
            assertNull(immediate.get("gone"), "a zero creation expiry stores nothing");
        } finally {
            redis.shutdown();
        }
    }

    /** The expiry time (Redis clock, ms) of the only entry of cache {@code name}. */
    private static double expiryOf(org.redisson.api.RedissonClient redis, String name) {
        List<String> keys = new ArrayList<>();
        redis.getKeys().getKeysByPattern("unit-cache:jcache:*|" + name + "}:x").forEach(keys::add);
        assertEquals(1, keys.size(), "one expiry set: " + keys);
        var entries = redis.getScoredSortedSet(keys.get(0), org.redisson.client.codec.ByteArrayCodec.INSTANCE)
                .entryRange(0, -1);
        assertEquals(1, entries.size(), "one entry with an expiry");
        return entries.iterator().next().getScore();
    }

    private static long redisMillis(org.redisson.api.RedissonClient redis) {
        org.redisson.client.protocol.Time time = redis.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE)
                .getInstance()
                .time();
        return time.getSeconds() * 1000L + time.getMicroseconds() / 1000;
    }

    @Test
    @SuppressWarnings("unchecked")
    void hibernateKeys_SerializedOnceThenReused_AnEqualKeyOnAnotherNodeFindsTheEntry() {
        Cache<Object, Object> region = nodeA.createCache("events", new MutableConfiguration<>());
        Object key = new org.hibernate.cache.internal.BasicCacheKeyImplementation(7L, "Product", 7);
        Object equal = new org.hibernate.cache.internal.BasicCacheKeyImplementation(7L, "Product", 7);
        region.put(key, "seven");
        Cache<Object, Object> onB = nodeB.createCache("events", new MutableConfiguration<>());
        assertEquals("seven", onB.get(equal), "an equal key is the same entry on any node");

        RedkitCache<Object, Object> cache = region.unwrap(RedkitCache.class);
        byte[] first = cache.encodedKey(key);
        assertTrue(first == cache.encodedKey(equal), "the bytes of an equal key are reused, not serialized again");
        assertTrue((first[0] & 0xFF) == 0xAC, "Java serialization, as every node writes it");
        Object other = new org.hibernate.cache.internal.BasicCacheKeyImplementation(8L, "Product", 8);
        assertTrue(!java.util.Arrays.equals(first, cache.encodedKey(other)));
    }

    @Test
    void declaredCachesAreCreatedOnRequest_UnknownNamesFailWithAHint() {
        Cache<Object, Object> declared = nodeA.getCache("declared");
        assertNotNull(declared, "declared in redkit.cache.names");
        MutableConfiguration<?, ?> config = declared.getConfiguration(MutableConfiguration.class);
        assertEquals(
                AccessedExpiryPolicy.class,
                config.getExpiryPolicyFactory().create().getClass());
        assertNull(nodeA.getCache("not-declared"));
        CacheException e = assertThrows(CacheException.class, () -> nodeA.cacheForAnnotation("not-declared"));
        assertTrue(
                e.getMessage().contains("'not-declared'") && e.getMessage().contains(CacheSettings.NAMES),
                e.getMessage());
    }

    @Test
    void expiryIsServerTimed_AnExpiredEntryIsAbsent() throws Exception {
        MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(
                        CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300)));
        Cache<String, String> cache = nodeA.createCache("events", config);
        cache.put("short", "lived");
        assertEquals("lived", nodeB.createCache("events", config).get("short"));
        Thread.sleep(450);
        assertNull(cache.get("short"));
        assertTrue(!cache.containsKey("short"));
    }

    @Test
    void settingsRejectBadExpiryAndAnExpiringTimestampsRegion() {
        RedkitConfigException bad = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(
                        ConfigReader.of(Map.of(CacheSettings.NAMES, "a", "redkit.cache.a.expiry", "sometimes:5m"))));
        assertTrue(bad.getMessage().contains("redkit.cache.a.expiry"), bad.getMessage());
        RedkitConfigException timestamps = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(ConfigReader.of(Map.of(
                        CacheSettings.NAMES,
                        CacheSettings.TIMESTAMPS_REGION,
                        "redkit.cache." + CacheSettings.TIMESTAMPS_REGION + ".expiry",
                        "created:1h"))));
        assertTrue(timestamps.getMessage().contains("never expire"), timestamps.getMessage());
        assertEquals(
                EternalExpiryPolicy.class,
                CacheSettings.from(ConfigReader.of(Map.of()))
                        .defaults()
                        .policy()
                        .getClass());
    }

    /** Records events as text. */
    public static final class Recorder
            implements CacheEntryCreatedListener<String, String>,
                    CacheEntryUpdatedListener<String, String>,
                    java.io.Serializable {
        private final transient List<String> heard;

        Recorder(List<String> heard) {
            this.heard = heard;
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            events.forEach(e -> heard.add("CREATED " + e.getKey() + "=" + e.getValue()));
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            events.forEach(
                    e -> heard.add("UPDATED " + e.getKey() + "=" + e.getValue() + " (was " + e.getOldValue() + ")"));
        }
    }
}
