package io.redkit.cache.internal.cdi;

import io.redkit.cache.NearCacheStatistics;
import io.redkit.cache.RedkitCache;
import io.redkit.cache.RedkitCacheManager;
import io.redkit.metrics.internal.RedkitMetrics;
import io.redkit.redis.Redkit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * JCache statistics as metrics ({@link RedkitMetrics}: MicroProfile Metrics where the server has it), per cache (tag {@code cache}): {@code redkit_cache_hits}, {@code
 * _misses}, {@code _puts}, {@code _removals}, {@code _evictions} — this node's counts since start, the same figures
 * as the {@code javax.cache:type=CacheStatistics} MXBeans. A cache with a near copy also has {@code
 * redkit_cache_near_hits}, {@code _misses}, {@code _invalidations}, {@code _resets} and {@code _size}. Caches created later (Hibernate regions, annotation
 * caches) are registered when they are created. A cache without statistics enabled reports 0.
 */
@ApplicationScoped
public class CacheMetrics {

    @Inject
    @Redkit
    CacheManager cacheManager;

    @Inject
    RedkitMetrics metrics;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        RedkitCacheManager manager = RedkitCacheManager.from(cacheManager);
        manager.onCacheCreated(name -> register(manager, name));
    }

    private void register(RedkitCacheManager manager, String name) {
        gauge(manager, "redkit.cache.hits", name, CacheStatisticsMXBean::getCacheHits);
        gauge(manager, "redkit.cache.misses", name, CacheStatisticsMXBean::getCacheMisses);
        gauge(manager, "redkit.cache.puts", name, CacheStatisticsMXBean::getCachePuts);
        gauge(manager, "redkit.cache.removals", name, CacheStatisticsMXBean::getCacheRemovals);
        gauge(manager, "redkit.cache.evictions", name, CacheStatisticsMXBean::getCacheEvictions);
        Cache<Object, Object> cache = manager.getCache(name);
        if (cache != null && cache.unwrap(RedkitCache.class).nearStatistics().isPresent()) {
            nearGauge(manager, "redkit.cache.near.hits", name, NearCacheStatistics::hits);
            nearGauge(manager, "redkit.cache.near.misses", name, NearCacheStatistics::misses);
            nearGauge(manager, "redkit.cache.near.invalidations", name, NearCacheStatistics::invalidations);
            nearGauge(manager, "redkit.cache.near.resets", name, NearCacheStatistics::resets);
            nearGauge(manager, "redkit.cache.near.size", name, NearCacheStatistics::size);
        }
    }

    private void nearGauge(
            RedkitCacheManager manager, String metric, String cacheName, ToLongFunction<NearCacheStatistics> value) {
        metrics.gauge(metric, manager, m -> readNear(m, cacheName, value), "cache", cacheName);
    }

    private static long readNear(RedkitCacheManager manager, String name, ToLongFunction<NearCacheStatistics> value) {
        if (manager.isClosed()) {
            return 0;
        }
        Cache<Object, Object> cache = manager.getCache(name);
        RedkitCache<?, ?> redkit = cache == null ? null : cache.unwrap(RedkitCache.class);
        return redkit == null
                ? 0
                : redkit.nearStatistics().map(value::applyAsLong).orElse(0L);
    }

    private void gauge(
            RedkitCacheManager manager, String metric, String cacheName, ToLongFunction<CacheStatisticsMXBean> value) {
        metrics.gauge(metric, manager, m -> read(m, cacheName, value), "cache", cacheName); // kept if re-created
    }

    private static long read(RedkitCacheManager manager, String name, ToLongFunction<CacheStatisticsMXBean> value) {
        if (manager.isClosed()) {
            return 0;
        }
        Cache<Object, Object> cache = manager.getCache(name);
        return cache == null
                ? 0
                : value.applyAsLong(cache.unwrap(RedkitCache.class).statistics());
    }
}
