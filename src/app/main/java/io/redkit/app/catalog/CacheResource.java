package io.redkit.app.catalog;

import io.redkit.app.ops.OpsSettings;
import io.redkit.cache.NearCacheStatistics;
import io.redkit.cache.RedkitCache;
import io.redkit.cache.RedkitCacheManager;
import io.redkit.redis.Redkit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;

/**
 * Cache statistics: JCache per cache (this node, with its near copy's figures when it has one; null otherwise),
 * Hibernate L2 per region, and the outage bypass count.
 */
@RolesAllowed(OpsSettings.ROLE)
@Path("caches")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    public record CacheView(
            String name,
            long hits,
            long misses,
            float hitRatio,
            long puts,
            long removals,
            long evictions,
            float averageGetMicros,
            boolean statisticsEnabled,
            NearCacheStatistics near) {}

    public record RegionView(String region, long hits, long misses, long puts) {}

    public record HibernateView(
            long secondLevelHits,
            long secondLevelMisses,
            long secondLevelPuts,
            long queryCacheHits,
            long queryCacheMisses,
            long entityLoads,
            long queryExecutions,
            long prepareStatements,
            List<RegionView> regions) {}

    public record Overview(
            List<CacheView> caches, HibernateView hibernate, long bypassedOperations, String outagePolicy) {}

    @Inject
    @Redkit
    CacheManager cacheManager;

    @PersistenceUnit(unitName = "redkit")
    EntityManagerFactory emf;

    @GET
    public Overview caches() {
        List<CacheView> caches = new ArrayList<>();
        Map<String, RedkitCache<?, ?>> sorted = new TreeMap<>();
        for (String name : cacheManager.getCacheNames()) {
            Cache<Object, Object> cache = cacheManager.getCache(name);
            if (cache != null) {
                sorted.put(name, cache.unwrap(RedkitCache.class));
            }
        }
        sorted.forEach((name, cache) -> {
            var s = cache.statistics();
            caches.add(new CacheView(
                    name,
                    s.getCacheHits(),
                    s.getCacheMisses(),
                    s.getCacheGets() == 0 ? 0f : s.getCacheHitPercentage() / 100f,
                    s.getCachePuts(),
                    s.getCacheRemovals(),
                    s.getCacheEvictions(),
                    s.getAverageGetTime(),
                    cache.getConfiguration(javax.cache.configuration.CompleteConfiguration.class)
                            .isStatisticsEnabled(),
                    cache.nearStatistics().orElse(null)));
        });
        Statistics stats = emf.unwrap(SessionFactory.class).getStatistics();
        List<RegionView> regions = new ArrayList<>();
        for (String region : new java.util.TreeSet<>(List.of(stats.getSecondLevelCacheRegionNames()))) {
            CacheRegionStatistics r = stats.getCacheRegionStatistics(region);
            if (r != null) {
                regions.add(new RegionView(region, r.getHitCount(), r.getMissCount(), r.getPutCount()));
            }
        }
        HibernateView hibernate = new HibernateView(
                stats.getSecondLevelCacheHitCount(),
                stats.getSecondLevelCacheMissCount(),
                stats.getSecondLevelCachePutCount(),
                stats.getQueryCacheHitCount(),
                stats.getQueryCacheMissCount(),
                stats.getEntityLoadCount(),
                stats.getQueryExecutionCount(),
                stats.getPrepareStatementCount(),
                regions);
        RedkitCacheManager manager = RedkitCacheManager.from(cacheManager);
        return new Overview(
                caches,
                hibernate,
                manager.bypassedOperations(),
                manager.settings().outagePolicy().name().toLowerCase(java.util.Locale.ROOT));
    }
}
