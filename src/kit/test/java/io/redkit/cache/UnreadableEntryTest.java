package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.redkit.testing.CodecBombs;
import io.redkit.testing.RedisTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * An attacker who can write to Redis replaces a cache entry's bytes with a decompression bomb: every read path treats
 * it as a miss (the loader runs where there is one), quickly, and the cache keeps working. With and without a near
 * cache.
 */
class UnreadableEntryTest {

    private static final URI URI_ = URI.create("redkit:unreadable-test");
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    static final AtomicInteger LOADS = new AtomicInteger();

    /** Read-through: the value a miss loads. */
    public static final class Loader implements CacheLoader<String, Object>, java.io.Serializable {
        @Override
        public Object load(String key) {
            LOADS.incrementAndGet();
            return new ArrayList<>(List.of("loaded", key));
        }

        @Override
        public Map<String, Object> loadAll(Iterable<? extends String> keys) {
            Map<String, Object> all = new java.util.HashMap<>();
            keys.forEach(k -> all.put(k, load(k)));
            return all;
        }
    }

    private RedkitCachingProvider provider;
    private RedissonClient raw;

    @BeforeEach
    void connect() {
        raw = RedisTestServer.shared().newClient();
        LOADS.set(0);
    }

    @AfterEach
    void close() {
        provider.close();
        raw.shutdown();
    }

    private Cache<String, Object> cache(boolean near, boolean readThrough) {
        Properties properties = new Properties();
        properties.setProperty(
                RedkitCachingProvider.ADDRESS, RedisTestServer.shared().address());
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "unreadable");
        if (near) {
            properties.setProperty("redkit.cache.poisoned.near", "100,30s");
        }
        provider = new RedkitCachingProvider();
        RedkitCacheManager manager =
                (RedkitCacheManager) provider.getCacheManager(URI_, getClass().getClassLoader(), properties);
        MutableConfiguration<String, Object> config =
                new MutableConfiguration<String, Object>().setTypes(String.class, Object.class);
        if (readThrough) {
            config.setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(Loader.class));
        }
        Cache<String, Object> cache = manager.createCache("poisoned", config);
        cache.clear();
        return cache;
    }

    private void poison(Cache<String, Object> cache, String key, byte[] bomb) {
        String dataKey = cache.unwrap(RedkitCache.class).redisKey();
        raw.<byte[], byte[]>getMap(dataKey, ByteArrayCodec.INSTANCE).fastPut(CompactEncoding.encode(key), bomb);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void get_EntryReplacedByBombs_IsAMissAndTheCacheKeepsWorking(boolean near) {
        Cache<String, Object> cache = cache(near, false);
        for (byte[] bomb : List.of(
                CodecBombs.longArray(),
                CodecBombs.nestedArrays(100_000),
                CodecBombs.hugeHashMap(),
                CodecBombs.hugeArrayList())) {
            cache.put("k", new ArrayList<>(List.of("fine")));
            poison(cache, "k", bomb);
            assertTimeoutPreemptively(QUICKLY, () -> {
                assertNull(cache.get("k"));
                assertNull(cache.getAll(Set.of("k")).get("k"));
                cache.forEach(entry -> {});
            });
            cache.put("k", new ArrayList<>(List.of("again")));
            assertEquals(List.of("again"), cache.get("k"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void get_BombWithALoader_RunsTheLoader(boolean near) {
        Cache<String, Object> cache = cache(near, true);
        cache.put("k", new ArrayList<>(List.of("fine")));
        poison(cache, "k", CodecBombs.longArray());
        assertTimeoutPreemptively(QUICKLY, () -> assertEquals(List.of("loaded", "k"), cache.get("k")));
        assertEquals(1, LOADS.get());
        assertEquals(List.of("loaded", "k"), cache.get("k"));
    }
}
