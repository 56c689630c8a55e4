package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redkit.redis.RedisSettings;
import io.redkit.testing.RedisSentinelTestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover under steady cache writes, through the shipped {@code server-config/redisson-sentinel.yaml}:
 * the master is stopped after 200 acknowledged writes; writes go on (failing while there is no master) until 50 in a
 * row succeed on the promoted replica. Measured and printed: seconds without a master as the cache sees it, failed
 * writes, and acknowledged writes missing afterwards (Redis replicates asynchronously: a write acknowledged by the old
 * master just before it stopped may never have reached the replica). What is asserted is redkit's promise for a cache:
 * it serves again on the new master by itself, and every write acknowledged after the failover is there.
 */
class CacheFailoverTest {

    @Test
    void sentinelFailover_UnderWrites_TheCacheServesAgainOnTheNewMaster() throws Exception {
        try (RedisSentinelTestServer topology = RedisSentinelTestServer.start()) {
            Path yaml =
                    topology.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-sentinel.yaml"));
            Properties properties = new Properties();
            properties.setProperty(RedisSettings.CONFIG, yaml.toString());
            properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "failover");
            properties.setProperty(CacheSettings.OUTAGE_POLICY, "fail"); // a failed write must be seen as failed
            RedkitCachingProvider provider = new RedkitCachingProvider();
            try {
                Cache<String, Integer> cache = provider.getCacheManager(
                                URI.create("redkit:failover"), getClass().getClassLoader(), properties)
                        .createCache(
                                "writes",
                                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
                List<String> acknowledgedBefore = new ArrayList<>();
                List<String> acknowledgedAfter = new ArrayList<>();
                int oldMaster = topology.masterPort();
                int failed = 0;
                long stoppedAt = 0;
                long longestPut = 0;
                Exception lastFailure = null;
                for (int i = 0; ; i++) {
                    if (i == 200) {
                        topology.stop(oldMaster);
                        stoppedAt = System.nanoTime();
                    }
                    String key = "k" + i;
                    long start = System.nanoTime();
                    try {
                        cache.put(key, i);
                        (stoppedAt == 0 ? acknowledgedBefore : acknowledgedAfter).add(key);
                    } catch (javax.cache.CacheException e) {
                        lastFailure = e;
                        failed++;
                    }
                    if (stoppedAt != 0) {
                        longestPut = Math.max(longestPut, System.nanoTime() - start);
                        if (acknowledgedAfter.size() >= 50 && topology.masterPort() != oldMaster) {
                            break; // promoted, and writes go to the new master
                        }
                        if (System.nanoTime() - stoppedAt
                                > Duration.ofSeconds(90).toNanos()) {
                            throw new AssertionError(
                                    "no failover 90 s after the master (" + oldMaster + ") stopped; the Sentinels say"
                                            + " the master is " + topology.masterPort() + "; last failure: "
                                            + lastFailure,
                                    lastFailure);
                        }
                    }
                }
                long lostBefore = acknowledgedBefore.stream()
                        .filter(k -> cache.get(k) == null)
                        .count();
                long lostAfter = acknowledgedAfter.stream()
                        .filter(k -> cache.get(k) == null)
                        .count();
                System.out.printf(
                        "sentinel failover: longest put %.1f s (Redisson retried onto the new master), %d failed"
                                + " writes; acknowledged writes missing afterwards: %d of %d before the stop, %d of %d"
                                + " after%n",
                        longestPut / 1e9,
                        failed,
                        lostBefore,
                        acknowledgedBefore.size(),
                        lostAfter,
                        acknowledgedAfter.size());
                assertEquals(0, lostAfter, "writes acknowledged after the stop (by the new master) are all there");
            } finally {
                provider.close();
            }
        }
    }
}
