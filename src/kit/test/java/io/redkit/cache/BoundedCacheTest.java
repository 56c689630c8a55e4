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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Bounded caches ({@code redkit.cache.<name>.max-entries}) on a real Redis: the bound holds whoever writes, the least
 * recently used entries go, evictions are counted and reach near copies. "Two nodes" are two providers, each with its
 * own managers and node id, writing at the same time.
 */
class BoundedCacheTest {

    private static final URI URI_ = URI.create("redkit:bounded-test");
    private static final String PREFIX = "bounded";

    private final List<RedkitCachingProvider> providers = new ArrayList<>();
    private final List<Cache<String, String>> caches = new ArrayList<>();

    @AfterEach
    void close() {
        caches.forEach(Cache::clear);
        providers.forEach(RedkitCachingProvider::close);
    }

    private Cache<String, String> node(String cache, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.setProperty(
                RedkitCachingProvider.ADDRESS, RedisTestServer.shared().address());
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, PREFIX);
        properties.setProperty(CacheSettings.NEAR_CHECK_INTERVAL, "200ms");
        settings.forEach(properties::setProperty);
        RedkitCachingProvider provider = new RedkitCachingProvider();
        providers.add(provider);
        Cache<String, String> created = provider.getCacheManager(
                        URI_, getClass().getClassLoader(), properties)
                .createCache(
                        cache,
                        new MutableConfiguration<String, String>()
                                .setTypes(String.class, String.class)
                                .setStatisticsEnabled(true));
        caches.add(created);
        return created;
    }

    private static RedkitCache<?, ?> redkit(Cache<String, String> cache) {
        return cache.unwrap(RedkitCache.class);
    }

    /** Entries Redis holds for the cache, counted by Redis itself. */
    private static long inRedis(Cache<String, String> cache) {
        return redis().getKeys().countExists(redkit(cache).redisKey()) == 0
                ? 0
                : redis().getMap(redkit(cache).redisKey(), StringCodec.INSTANCE).size();
    }

    private static RedissonClient redisClient;

    private static synchronized RedissonClient redis() {
        if (redisClient == null) {
            Config config = new Config();
            config.useSingleServer().setAddress(RedisTestServer.shared().address());
            redisClient = Redisson.create(config);
        }
        return redisClient;
    }

    @ParameterizedTest
    @EnumSource(CacheSettings.Eviction.class)
    void twoNodesFillingAtOnce_RedisHoldsAtMostTheBound_EvictionsCounted(CacheSettings.Eviction eviction)
            throws Exception {
        Map<String, String> settings = Map.of(
                "redkit.cache.fill.max-entries",
                "100",
                CacheSettings.EVICTION,
                eviction.name().toLowerCase());
        Cache<String, String> a = node("fill", settings);
        Cache<String, String> b = node("fill", settings);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Cache<String, String> cache = w % 2 == 0 ? a : b;
                int writer = w;
                writers.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 250; i++) {
                        cache.put("w" + writer + "-" + i, "value-" + i);
                        if (i % 25 == 0) {
                            assertTrue(inRedis(cache) <= 100, "the bound holds while the nodes write");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(100, inRedis(a), "1000 distinct entries written, the bound kept");
        assertEquals(100, redkit(a).store().size(), "the cache's own count agrees");
        long evicted = redkit(a).statistics().getCacheEvictions()
                + redkit(b).statistics().getCacheEvictions();
        assertEquals(900, evicted, "each eviction counted once, by the node whose write made it");
        assertEquals(100, recencyCount(a), "recency kept for exactly the entries held");
    }

    /** Members of the recency key: a sorted set (LRU) or a hash (SAMPLED). */
    private static long recencyCount(Cache<String, String> cache) {
        String key = recencyKey(cache);
        return switch (redis().getKeys().getType(key)) {
            case ZSET -> redis().getScoredSortedSet(key, StringCodec.INSTANCE).size();
            case MAP -> redis().getMap(key, StringCodec.INSTANCE).size();
            default -> 0;
        };
    }

    private static String recencyKey(Cache<String, String> cache) {
        String data = redkit(cache).redisKey();
        return data.substring(0, data.length() - 2) + ":a";
    }

    @ParameterizedTest
    @EnumSource(CacheSettings.Eviction.class)
    void entryReadRecently_SurvivesWhenTheBoundIsReached(CacheSettings.Eviction eviction) {
        Cache<String, String> cache =
                node("recent", Map.of("redkit.cache.recent.max-entries", "5", CacheSettings.EVICTION, eviction.name()));
        for (int i = 0; i < 5; i++) {
            cache.put("k" + i, "v" + i);
        }
        assertEquals("v0", cache.get("k0"), "k0 is now the most recently used");
        cache.put("k5", "v5");
        assertEquals(5, inRedis(cache));
        assertEquals(1, redkit(cache).statistics().getCacheEvictions());
        assertEquals("v0", cache.get("k0"), "the entry read last survives");
        assertEquals("v5", cache.get("k5"), "the entry written last survives");
        if (eviction == CacheSettings.Eviction.LRU) {
            assertFalse(cache.containsKey("k1"), "the least recently used entry was evicted");
        } else {
            // 5 of the 6 held are drawn, so at least 3 of k1..k4: the oldest of them goes
            long left = java.util.stream.IntStream.rangeClosed(1, 4)
                    .filter(i -> cache.containsKey("k" + i))
                    .count();
            assertEquals(3, left, "one of the four older entries was evicted");
        }
    }

    @Test
    void putAllOverTheBound_KeepsTheBound() {
        Cache<String, String> cache = node("batch", Map.of("redkit.cache.batch.max-entries", "10"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            many.put("k" + i, "v" + i);
        }
        cache.putAll(many);
        assertEquals(10, inRedis(cache));
        assertEquals(15, redkit(cache).statistics().getCacheEvictions());
    }

    @Test
    void entriesWrittenBeforeTheBound_AreEvictedFirst() {
        Cache<String, String> unbounded = node("adopted", Map.of());
        for (int i = 0; i < 20; i++) {
            unbounded.put("old" + i, "v");
        }
        assertEquals(0, redis().getKeys().countExists(recencyKey(unbounded)), "an unbounded cache keeps no recency");
        Cache<String, String> bounded = node("adopted", Map.of("redkit.cache.adopted.max-entries", "10"));
        for (int i = 0; i < 5; i++) {
            bounded.put("new" + i, "v");
        }
        assertEquals(10, inRedis(bounded));
        for (int i = 0; i < 5; i++) {
            assertNotNull(bounded.get("new" + i), "entries with a known recency are kept over untracked ones");
        }
    }

    @Test
    void evictionOnOneNode_DropsTheNearCopyOnTheOther() {
        Map<String, String> settings =
                Map.of("redkit.cache.nearby.max-entries", "3", "redkit.cache.nearby.near", "100,30s");
        Cache<String, String> a = node("nearby", settings);
        Cache<String, String> b = node("nearby", settings);
        a.put("k0", "v0");
        assertEquals("v0", a.get("k0"));
        assertEquals("v0", a.get("k0"), "held in A's near copy");
        for (int i = 1; i <= 3; i++) {
            b.put("k" + i, "v" + i); // the third evicts k0, the least recently used in Redis
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.get("k0") == null);
        assertEquals(3, inRedis(a));
    }

    @Test
    void clear_RemovesTheRecencyKey() {
        Cache<String, String> cache = node("cleared", Map.of("redkit.cache.cleared.max-entries", "10"));
        cache.put("k", "v");
        assertEquals(1, redis().getKeys().countExists(recencyKey(cache)));
        cache.clear();
        assertEquals(0, redis().getKeys().countExists(recencyKey(cache)));
        assertNull(cache.get("k"));
    }

    @Test
    void badBound_FailsNamingTheKey() {
        RedkitConfigException zero = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(ConfigReader.of(
                        Map.of(CacheSettings.NAMES, "prices", "redkit.cache.prices.max-entries", "0"))));
        assertTrue(zero.getMessage().contains("redkit.cache.prices.max-entries"), zero.getMessage());
        RedkitConfigException words = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(ConfigReader.of(Map.of(CacheSettings.MAX_ENTRIES_DEFAULT, "lots"))));
        assertTrue(words.getMessage().contains(CacheSettings.MAX_ENTRIES_DEFAULT), words.getMessage());
        RedkitConfigException timestamps = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(ConfigReader.of(
                        Map.of("redkit.cache." + CacheSettings.TIMESTAMPS_REGION + ".max-entries", "1000"))));
        assertTrue(timestamps.getMessage().contains("update-timestamps"), timestamps.getMessage());
        RedkitConfigException eviction = assertThrows(
                RedkitConfigException.class,
                () -> CacheSettings.from(ConfigReader.of(Map.of(CacheSettings.EVICTION, "lfu"))));
        assertTrue(eviction.getMessage().contains(CacheSettings.EVICTION), eviction.getMessage());
    }

    @Test
    void defaultBound_AppliesToUndeclaredCaches_NotToTimestamps_OwnKeyWins() {
        CacheSettings settings = CacheSettings.from(ConfigReader.of(
                Map.of(CacheSettings.MAX_ENTRIES_DEFAULT, "50000", "redkit.cache.big.max-entries", "off")));
        assertEquals(50000, settings.bound("com.example.Product").orElseThrow().maxEntries());
        assertEquals(
                CacheSettings.Eviction.LRU, settings.bound("x").orElseThrow().eviction());
        assertTrue(settings.bound("big").isEmpty(), "off: unbounded");
        assertTrue(settings.bound(CacheSettings.TIMESTAMPS_REGION).isEmpty(), "timestamps are never bounded");
    }
}
