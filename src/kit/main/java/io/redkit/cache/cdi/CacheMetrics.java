package io.redkit.cache.cdi;

import io.redkit.cache.NearCacheStatistics;
import io.redkit.cache.RedkitCache;
import io.redkit.cache.RedkitCacheManager;
import io.redkit.redis.Redkit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.management.CacheStatisticsMXBean;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * JCache statistics as MicroProfile Metrics, per cache (tag {@code cache}): {@code redkit_cache_hits}, {@code
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
    MetricRegistry metrics;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        RedkitCacheManager manager = RedkitCacheManager.from(cacheManager);
        manager.onCacheCreated(name -> register(manager, name));
    }

    private void register(RedkitCacheManager manager, String name) {
        Tag tag = new Tag("cache", name);
        gauge(manager, "redkit.cache.hits", name, tag, CacheStatisticsMXBean::getCacheHits);
        gauge(manager, "redkit.cache.misses", name, tag, CacheStatisticsMXBean::getCacheMisses);
        gauge(manager, "redkit.cache.puts", name, tag, CacheStatisticsMXBean::getCachePuts);
        gauge(manager, "redkit.cache.removals", name, tag, CacheStatisticsMXBean::getCacheRemovals);
        gauge(manager, "redkit.cache.evictions", name, tag, CacheStatisticsMXBean::getCacheEvictions);
        Cache<Object, Object> cache = manager.getCache(name);
        if (cache != null && cache.unwrap(RedkitCache.class).nearStatistics().isPresent()) {
            nearGauge(manager, "redkit.cache.near.hits", name, tag, NearCacheStatistics::hits);
            nearGauge(manager, "redkit.cache.near.misses", name, tag, NearCacheStatistics::misses);
            nearGauge(manager, "redkit.cache.near.invalidations", name, tag, NearCacheStatistics::invalidations);
            nearGauge(manager, "redkit.cache.near.resets", name, tag, NearCacheStatistics::resets);
            nearGauge(manager, "redkit.cache.near.size", name, tag, NearCacheStatistics::size);
        }
    }

    private void nearGauge(
            RedkitCacheManager manager,
            String metric,
            String cacheName,
            Tag tag,
            ToLongFunction<NearCacheStatistics> value) {
        if (metrics.getGauge(new org.eclipse.microprofile.metrics.MetricID(metric, tag)) == null) {
            metrics.gauge(metric, manager, m -> readNear(m, cacheName, value), tag);
        }
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
            RedkitCacheManager manager,
            String metric,
            String cacheName,
            Tag tag,
            ToLongFunction<CacheStatisticsMXBean> value) {
        if (metrics.getGauge(new org.eclipse.microprofile.metrics.MetricID(metric, tag)) == null) {
            metrics.gauge(metric, manager, m -> read(m, cacheName, value), tag); // a re-created cache keeps its gauge
        }
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
