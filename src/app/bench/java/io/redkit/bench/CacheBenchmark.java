package io.redkit.bench;

import io.redkit.cache.RedkitCachingProvider;
import io.redkit.redis.Redkit;
import io.redkit.testing.RedkitWeld;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * A cache hit on 1,000 keys holding the same 100-byte string: a raw Redisson {@code RMap.get} (the baseline: one
 * round trip), Redisson's own JCache {@code get}, redkit's {@code Cache.get}, a {@code @CacheResult} method served
 * from redkit's cache through a CDI container (Weld SE with redkit's extension and interceptors), the last two again
 * with a near cache (hits served in the JVM), and a {@code ConcurrentHashMap.get} (the in-JVM floor).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CacheBenchmark {

    static final int KEYS = 1000;
    static final String VALUE = "v".repeat(100);

    @Param({
        "rmap-baseline",
        "redisson-jcache",
        "redkit-cache",
        "cache-result",
        "redkit-near",
        "cache-result-near",
        "hashmap"
    })
    public String variant;

    private RedissonClient redisson;
    private RMap<String, String> map;
    private Cache<String, String> cache;
    private CacheManager manager;
    private WeldContainer weld;
    private Lookups lookups;
    private java.util.concurrent.ConcurrentHashMap<String, String> hashMap;

    @Setup(Level.Trial)
    public void setUp() {
        redisson = BenchRedis.client();
        switch (variant) {
            case "rmap-baseline" -> {
                map = redisson.getMap("bench:rmap");
                for (int i = 0; i < KEYS; i++) {
                    map.fastPut("k" + i, VALUE);
                }
            }
            case "redisson-jcache" -> {
                manager = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider")
                        .getCacheManager();
                cache = manager.createCache(
                        "bench-redisson", RedissonConfiguration.fromInstance(redisson, new MutableConfiguration<>()));
                fill(cache);
            }
            case "redkit-cache" -> {
                manager = redkitManager(false);
                cache = manager.createCache("bench-redkit", new MutableConfiguration<>());
                fill(cache);
            }
            case "cache-result", "cache-result-near" -> {
                weld = RedkitWeld.start(
                        "redkit-bench", variant.endsWith("near") ? NearManagers.class : Managers.class, Lookups.class);
                lookups = weld.select(Lookups.class).get();
                for (int i = 0; i < KEYS; i++) {
                    lookups.value("k" + i);
                }
            }
            case "redkit-near" -> {
                manager = redkitManager(true);
                cache = manager.createCache("bench-redkit-near", new MutableConfiguration<>());
                fill(cache);
            }
            case "hashmap" -> {
                hashMap = new java.util.concurrent.ConcurrentHashMap<>();
                for (int i = 0; i < KEYS; i++) {
                    hashMap.put("k" + i, VALUE);
                }
            }
            default -> throw new IllegalArgumentException(variant);
        }
    }

    /** {@code near}: every cache of the manager has a near copy of up to 10,000 entries. */
    static CacheManager redkitManager(boolean near) {
        Properties properties = new Properties();
        properties.setProperty(RedkitCachingProvider.ADDRESS, System.getProperty(BenchRedis.ADDRESS));
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, near ? "bench-near" : "bench");
        properties.setProperty("redkit.cache.create-missing", "true");
        if (near) {
            properties.setProperty("redkit.cache.near-default", "10000,60s");
        }
        return Caching.getCachingProvider(RedkitCachingProvider.class.getName())
                .getCacheManager(
                        URI.create(near ? "redkit:bench-near" : "redkit:bench"),
                        CacheBenchmark.class.getClassLoader(),
                        properties);
    }

    private static void fill(Cache<String, String> cache) {
        for (int i = 0; i < KEYS; i++) {
            cache.put("k" + i, VALUE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (weld != null) {
            weld.shutdown();
        }
        if (manager != null) {
            manager.close();
        }
        redisson.shutdown();
    }

    @Benchmark
    public Object get() {
        String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
        return switch (variant) {
            case "rmap-baseline" -> map.get(key);
            case "hashmap" -> hashMap.get(key);
            case "cache-result-near" -> lookups.value(key);
            case "cache-result" -> lookups.value(key);
            default -> cache.get(key);
        };
    }

    /**
     * A write of an existing key: {@code RMap.fastPut} is the floor; redkit's {@code put} without a near copy
     * anywhere ({@code redkit-cache}) and with one in this JVM ({@code redkit-near}: the write also invalidates it and
     * announces the change to every node's copy).
     */
    @Benchmark
    public Object put() {
        String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
        switch (variant) {
            case "rmap-baseline" -> map.fastPut(key, VALUE);
            case "hashmap" -> hashMap.put(key, VALUE);
            case "redisson-jcache", "redkit-cache", "redkit-near" -> cache.put(key, VALUE);
            default -> throw new IllegalStateException("put is not measured for " + variant);
        }
        return key;
    }

    /** An atomic read-modify-write through {@code Cache.invoke}: redkit against Redisson's JCache. */
    @Benchmark
    public Object invoke() {
        String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
        return switch (variant) {
            case "redisson-jcache", "redkit-cache", "redkit-near" -> cache.invoke(key, Touch.INSTANCE);
            default -> throw new IllegalStateException("invoke is not measured for " + variant);
        };
    }

    /** Reads the entry and writes it back with one character changed (so every invoke is a write). */
    static final class Touch
            implements javax.cache.processor.EntryProcessor<String, String, Integer>, java.io.Serializable {
        static final Touch INSTANCE = new Touch();

        @Override
        public Integer process(javax.cache.processor.MutableEntry<String, String> entry, Object... arguments) {
            String value = entry.getValue();
            String next = value == null || value.charAt(0) == 'w' ? VALUE : "w" + VALUE.substring(1);
            entry.setValue(next);
            return next.length();
        }
    }

    /** The CDI bean of the @CacheResult variant. */
    @ApplicationScoped
    public static class Lookups {
        @CacheResult(cacheName = "bench-annotated")
        public String value(String key) {
            return VALUE;
        }
    }

    /** The CacheManager the interceptors resolve caches from. */
    public static class Managers {
        @Produces
        @ApplicationScoped
        @Redkit
        CacheManager cacheManager() {
            return redkitManager(false);
        }
    }

    /** As {@link Managers}, with near caching on. */
    public static class NearManagers {
        @Produces
        @ApplicationScoped
        @Redkit
        CacheManager cacheManager() {
            return redkitManager(true);
        }
    }
}
