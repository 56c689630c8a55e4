package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.RedisClusterTestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * JCache on a real Redis Cluster (3 masters, 3 replicas, started by the harness) through the shipped
 * {@code server-config/redisson-cluster.yaml} with the harness's addresses: every operation, caches spread over all
 * masters, no CROSSSLOT (each operation is one script on one hash tag), near copies invalidated across managers.
 */
class CacheOnClusterTest {

    private static final URI URI_ = URI.create("redkit:cluster-test");

    private static RedisClusterTestServer cluster;
    private static Path yaml;
    private static RedissonClient admin;
    private static final List<RedkitCachingProvider> providers = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        cluster = RedisClusterTestServer.shared();
        yaml = cluster.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-cluster.yaml"));
        admin = Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.CONFIG, yaml.toString()))),
                null,
                CacheOnClusterTest.class.getClassLoader()));
    }

    @AfterAll
    static void close() {
        providers.forEach(RedkitCachingProvider::close);
        admin.shutdown();
    }

    private static RedkitCacheManager manager() {
        Properties properties = new Properties();
        properties.setProperty(RedisSettings.CONFIG, yaml.toString());
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "cluster");
        properties.setProperty(CacheSettings.NEAR_DEFAULT, "1000,30s");
        properties.setProperty(CacheSettings.NEAR_CHECK_INTERVAL, "200ms");
        RedkitCachingProvider provider = new RedkitCachingProvider();
        providers.add(provider);
        return (RedkitCacheManager)
                provider.getCacheManager(URI_, CacheOnClusterTest.class.getClassLoader(), properties);
    }

    /** Cache names whose hash tags fall on each master in turn, so the test covers every master. */
    private static List<String> namesOnEveryMaster(int perMaster) {
        Map<Integer, List<String>> byMaster = new HashMap<>();
        for (int i = 0; byMaster.values().stream().mapToInt(List::size).sum() < perMaster * 3; i++) {
            String name = "spread-" + i;
            int slot = admin.getKeys().getSlot("{" + URI_ + "|" + name + "}");
            List<String> names = byMaster.computeIfAbsent(cluster.masterOf(slot), m -> new ArrayList<>());
            if (names.size() < perMaster) {
                names.add(name);
            }
        }
        return byMaster.values().stream().flatMap(List::stream).toList();
    }

    @Test
    void everyOperation_OnCachesSpreadOverEveryMaster() {
        RedkitCacheManager manager = manager();
        List<Long> before = cluster.keysPerMaster();
        for (String name : namesOnEveryMaster(2)) {
            Cache<String, Integer> cache = manager.createCache(
                    name, new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
            Map<String, Integer> values = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                values.put("k" + i, i);
            }
            cache.putAll(values);
            assertEquals(values, cache.getAll(values.keySet()), name);
            cache.invoke("k1", (entry, args) -> {
                entry.setValue(entry.getValue() + 100);
                return null;
            });
            assertEquals(101, cache.get("k1"));
            assertTrue(cache.replace("k2", 2, 202));
            assertTrue(cache.putIfAbsent("new", 7));
            assertEquals(7, cache.getAndRemove("new"));
            Set<String> seen = new HashSet<>();
            cache.forEach(entry -> seen.add(entry.getKey()));
            assertEquals(values.keySet(), seen, "iteration (HSCAN in a script) on " + name);
            cache.removeAll(Set.of("k3", "k4"));
            assertNull(cache.get("k3"));
            cache.clear();
            assertNull(cache.get("k0"));
            cache.put("left", 1); // something stays on each master
        }
        List<Long> after = cluster.keysPerMaster();
        System.out.println("cluster keys per master before/after: " + before + " / " + after);
        for (int m = 0; m < after.size(); m++) {
            assertTrue(after.get(m) > before.get(m), "master " + m + " holds cache keys: " + after);
        }
    }

    @Test
    void nearCopies_AreInvalidatedAcrossManagers_OnTheCluster() {
        Cache<String, String> a = manager().createCache("near-on-cluster", new MutableConfiguration<>());
        Cache<String, String> b = manager().createCache("near-on-cluster", new MutableConfiguration<>());
        a.put("k", "v1");
        assertEquals("v1", a.get("k"));
        assertEquals("v1", a.get("k"));
        RedkitCache<?, ?> nearA = a.unwrap(RedkitCache.class);
        assertTrue(nearA.nearStatistics().orElseThrow().hits() >= 1);
        b.put("k", "v2");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(a.get("k")));
    }
}
