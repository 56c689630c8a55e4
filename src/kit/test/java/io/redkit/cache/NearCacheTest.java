package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.FaultyRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The near cache's coherence, on a Redis of its own (faults are injected): node A and node B are two managers of
 * two providers, each with its own node id and near copies, as two JVMs (in one JVM they share the Redis client of
 * an address, so invalidations travel through Redis as between JVMs); node C has no near cache and reads what Redis
 * holds.
 */
class NearCacheTest {

    private static final URI URI_ = URI.create("redkit:near-test");
    /** Staleness bound when an announcement is lost: two check intervals (200 ms here) plus a reconnect. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    private static FaultyRedis redis;

    private final List<RedkitCachingProvider> providers = new ArrayList<>();
    private Cache<String, Object> a;
    private Cache<String, Object> b;
    private Cache<String, Object> c;

    @BeforeAll
    static void redis() {
        redis = FaultyRedis.start(false);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void nodes() {
        a = node(true).createCache("products", config());
        b = node(true).createCache("products", config());
        c = node(false).createCache("products", config());
    }

    @AfterEach
    void close() {
        a.clear();
        providers.forEach(RedkitCachingProvider::close);
    }

    private RedkitCacheManager node(boolean near) {
        Properties properties = new Properties();
        properties.setProperty(RedkitCachingProvider.ADDRESS, redis.address());
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "near");
        properties.setProperty(CacheSettings.NEAR_CHECK_INTERVAL, "200ms");
        // FAIL: a dropped connection does not clear the cache in Redis (as BYPASS does), so what is tested here is
        // the near cache's own recovery
        properties.setProperty(CacheSettings.OUTAGE_POLICY, "fail");
        if (near) {
            properties.setProperty("redkit.cache.products.near", "1000,30s");
        }
        RedkitCachingProvider provider = new RedkitCachingProvider();
        providers.add(provider);
        return (RedkitCacheManager) provider.getCacheManager(URI_, getClass().getClassLoader(), properties);
    }

    private static MutableConfiguration<String, Object> config() {
        return new MutableConfiguration<String, Object>().setTypes(String.class, Object.class);
    }

    private static RedkitCache<?, ?> redkit(Cache<String, Object> cache) {
        return cache.unwrap(RedkitCache.class);
    }

    private static NearCacheStatistics near(Cache<String, Object> cache) {
        return redkit(cache).nearStatistics().orElseThrow();
    }

    @Test
    void secondRead_IsServedLocally_FirstWentToRedis() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        long hits = near(a).hits();
        assertEquals("v1", a.get("k"));
        assertEquals(hits + 1, near(a).hits(), "the second read is a near hit");
        assertTrue(redkit(c).nearStatistics().isEmpty(), "node C has no near cache");
    }

    @Test
    void writeOnB_InvalidatesTheCopyOnA() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        long invalidations = near(a).invalidations();
        long start = System.nanoTime();
        b.put("k", "v2");
        Awaitility.await().atMost(BOUND).until(() -> "v2".equals(a.get("k")));
        System.out.printf("near cache: B's write seen on A after %.2f ms%n", (System.nanoTime() - start) / 1e6);
        assertTrue(near(a).invalidations() > invalidations, "through an announcement, not a timeout");
        b.remove("k");
        Awaitility.await().atMost(BOUND).until(() -> a.get("k") == null);
    }

    @Test
    void ownWrite_IsReadBackAtOnce() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        a.put("k", "v2");
        assertEquals("v2", a.get("k"), "no wait for the announcement of one's own write");
        a.remove("k");
        assertNull(a.get("k"));
    }

    @Test
    void readThenInvalidateRace_TheOldValueNeverEntersTheCopy() throws Exception {
        a.put("k", "v1");
        NearCache nearA = redkit(a).near();
        CountDownLatch replied = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        nearA.beforeFill = () -> {
            if (once.compareAndSet(false, true)) {
                replied.countDown();
                await(proceed);
            }
        };
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Object> first = reader.submit(() -> a.get("k"));
            await(replied); // A has v1 from Redis and has not put it in its copy yet
            long invalidations = near(a).invalidations();
            b.put("k", "v2");
            Awaitility.await().atMost(BOUND).until(() -> near(a).invalidations() > invalidations);
            proceed.countDown();
            assertEquals("v1", first.get(10, TimeUnit.SECONDS), "the read happened before B's write");
        } finally {
            nearA.beforeFill = null;
            reader.shutdownNow();
        }
        assertEquals("v2", a.get("k"), "v1 read before the invalidation must not have entered A's copy");
        assertEquals("v2", a.get("k"));
    }

    @Test
    void pubSubConnectionKilled_AServesTheNewValueOnceReconnected() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        long resets = near(a).resets();
        assertTrue(redis.clientKill("pubsub") >= 1, "A's subscription");
        b.put("k", "v2"); // its announcement may reach nobody
        long start = System.nanoTime();
        Awaitility.await().atMost(BOUND).until(() -> "v2".equals(a.get("k")));
        System.out.printf("near cache: lost subscription healed after %.0f ms%n", (System.nanoTime() - start) / 1e6);
        assertTrue(near(a).resets() > resets, "the copy was emptied");
        for (int i = 0; i < 50; i++) {
            assertEquals("v2", a.get("k"));
        }
        b.put("k", "v3");
        Awaitility.await().atMost(BOUND).until(() -> "v3".equals(a.get("k")));
    }

    @Test
    void lostAnnouncement_IsFoundByTheCheck() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        // a change whose announcement never came: the entry and the sequence move, nothing is published
        String dataKey = redkit(a).redisKey();
        RedissonClient raw = Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(java.util.Map.of(RedisSettings.ADDRESS, redis.address()))),
                null,
                getClass().getClassLoader()));
        try {
            raw.<byte[], byte[]>getMap(dataKey, ByteArrayCodec.INSTANCE)
                    .fastPut(CompactEncoding.encode("k"), CompactEncoding.encode("v2"));
            raw.getAtomicLong(dataKey.substring(0, dataKey.length() - 1) + "s").incrementAndGet();
        } finally {
            raw.shutdown();
        }
        long start = System.nanoTime();
        Awaitility.await().atMost(BOUND).until(() -> "v2".equals(a.get("k")));
        System.out.printf(
                "near cache: lost announcement found after %.0f ms (check every 200 ms)%n",
                (System.nanoTime() - start) / 1e6);
    }

    @Test
    void flushAll_EmptiesTheCopy() {
        a.put("k", "v1");
        a.put("other", "x");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        redis.flushAll();
        Awaitility.await().atMost(BOUND).until(() -> a.get("k") == null);
        a.put("k", "v2");
        b.put("other", "y");
        Awaitility.await().atMost(BOUND).until(() -> "y".equals(a.get("other")));
        assertEquals("v2", b.get("k"));
    }

    @Test
    void clearOnB_EmptiesA_AndDestroyToo() {
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        b.clear();
        Awaitility.await().atMost(BOUND).until(() -> a.get("k") == null);
        a.put("k", "v2");
        assertEquals("v2", a.get("k"));
        b.getCacheManager().destroyCache("products");
        Awaitility.await().atMost(BOUND).until(() -> a.get("k") == null);
    }

    @Test
    void storeByValue_MutableValuesAreCopies_ImmutableOnesShared() {
        ArrayList<String> list = new ArrayList<>(List.of("x"));
        a.put("list", list);
        a.put("text", "immutable");
        a.get("list");
        a.get("text");
        @SuppressWarnings("unchecked")
        List<String> first = (List<String>) a.get("list");
        first.add("changed by the caller");
        assertEquals(List.of("x"), a.get("list"), "a near hit is a copy for a store-by-value cache");
        assertNotSame(a.get("list"), a.get("list"));
        assertSame(a.get("text"), a.get("text"), "an immutable value is handed out as held");
    }

    @Test
    void accessExpiry_HasNoNearCache() {
        Cache<String, Object> touched = a.getCacheManager()
                .createCache(
                        "touched",
                        config().setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5))));
        assertTrue(redkit(touched).nearStatistics().isEmpty());
    }

    @Test
    void redisTtl_CapsTheLocalLife() {
        Cache<String, Object> shortLived = node(true)
                .createCache(
                        "products-short",
                        config().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300))));
        shortLived.put("k", "v");
        assertEquals("v", shortLived.get("k"));
        Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> shortLived.get("k") == null);
    }

    @Test
    void randomizedSoak_ThenQuiet_EveryNodeReadsWhatRedisHolds() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            keys.add("soak-" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Cache<String, Object> cache = t % 2 == 0 ? a : b;
                boolean writer = t < 4;
                work.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 1500; i++) {
                        String key = keys.get(random.nextInt(keys.size()));
                        if (!writer) {
                            cache.get(key);
                        } else if (random.nextInt(10) == 0) {
                            cache.remove(key);
                        } else {
                            cache.put(key, "v" + random.nextInt(1000));
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String key : keys) {
            Object truth = c.get(key);
            Awaitility.await().atMost(BOUND).untilAsserted(() -> {
                assertEquals(truth, a.get(key), "node A, " + key);
                assertEquals(truth, b.get(key), "node B, " + key);
            });
        }
        assertTrue(near(a).hits() > 0 && near(b).hits() > 0, "the near copies were used");
    }

    @Test
    void badNearSetting_NamesTheKey() {
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> CacheSettings.parseNear("redkit.cache.x.near", "many"));
        assertTrue(e.getMessage().contains("redkit.cache.x.near"), e.getMessage());
        assertThrows(RedkitConfigException.class, () -> CacheSettings.parseNear("k", "0"));
        assertThrows(RedkitConfigException.class, () -> CacheSettings.parseNear("k", "10,soon"));
        assertEquals(new CacheSettings.NearSpec(10, Duration.ofSeconds(5)), CacheSettings.parseNear("k", "10,5s"));
        assertEquals(
                CacheSettings.NEAR_DEFAULT_TTL,
                CacheSettings.parseNear("k", "10").ttl());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
