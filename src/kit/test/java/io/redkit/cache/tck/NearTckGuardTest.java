package io.redkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.cache.CacheSettings;
import io.redkit.cache.NearCacheStatistics;
import io.redkit.cache.RedkitCache;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Runs in both TCK executions: in the one with {@code redkit.cache.near-default} set, a cache the TCK way creates
 * really serves hits from its near copy (so the second TCK run does test near caching); in the other, none has one.
 */
class NearTckGuardTest {

    @Test
    void nearCachingIsOnExactlyWhenTheRunAsksForIt() {
        boolean asked = System.getProperty(CacheSettings.NEAR_DEFAULT, "").isBlank() == false;
        CacheManager manager = Caching.getCachingProvider().getCacheManager();
        Cache<String, String> cache = manager.createCache("near-guard", new MutableConfiguration<String, String>());
        try {
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
            assertEquals("v", cache.get("k"));
            RedkitCache<?, ?> redkit = cache.unwrap(RedkitCache.class);
            if (asked) {
                NearCacheStatistics near = redkit.nearStatistics().orElseThrow();
                assertTrue(near.hits() >= 1, "near hits " + near);
            } else {
                assertTrue(redkit.nearStatistics().isEmpty());
            }
        } finally {
            manager.destroyCache("near-guard");
        }
    }
}
