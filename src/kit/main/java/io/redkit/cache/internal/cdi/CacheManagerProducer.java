package io.redkit.cache.internal.cdi;

import io.redkit.cache.NamedCache;
import io.redkit.cache.RedkitCacheManager;
import io.redkit.cache.RedkitCachingProvider;
import io.redkit.cache.internal.ProviderBindings;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.Redkit;
import io.redkit.redis.internal.FilteredSerializationCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.redisson.api.RedissonClient;

/**
 * The application's one JCache {@link CacheManager}: redkit's provider, default URI, this WAR's class loader, bound
 * to the application's Redis client. Hibernate (hibernate-jcache, provider named in persistence.xml) reaches the
 * same provider and the same Redis; its regions are caches like any other.
 */
@ApplicationScoped
public class CacheManagerProducer {

    private static final Logger LOG = Logger.getLogger(CacheManagerProducer.class.getName());

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedisSettings redis;

    /** Binds as soon as the application starts, before any request can reach Hibernate or an annotated method. */
    void bindAtStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        bind();
    }

    private void bind() {
        ClassLoader loader = classLoader();
        ProviderBindings.bind(
                loader,
                () -> new ProviderBindings.Binding(
                        redisson,
                        redis.keyPrefix(),
                        new FilteredSerializationCodec(loader, redis.codecFilter(), redis.codecLimits())));
    }

    @Produces
    @ApplicationScoped
    @Redkit
    CacheManager cacheManager() {
        RedkitCacheManager manager = manager();
        LOG.info("redkit: JCache manager " + manager.getURI() + " on Redis; declared caches "
                + manager.settings().declared().keySet() + ", outage policy "
                + manager.settings().outagePolicy().name().toLowerCase(java.util.Locale.ROOT));
        return manager;
    }

    /** {@code @Inject @NamedCache("prices") Cache<K, V>}: the named cache of the manager above. */
    @Produces
    @Dependent
    @NamedCache("")
    <K, V> Cache<K, V> namedCache(InjectionPoint point) {
        String name = point.getQualifiers().stream()
                .filter(NamedCache.class::isInstance)
                .map(q -> ((NamedCache) q).value())
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Cache<K, V> cache = (Cache<K, V>) (Cache<?, ?>) manager().cacheForAnnotation(name);
        return cache;
    }

    /**
     * The provider's manager for this WAR (one per URI and class loader), looked up once: {@code @NamedCache}
     * injections into request-scoped beans resolve it on every request.
     */
    private RedkitCacheManager manager() {
        RedkitCacheManager current = manager;
        if (current == null || current.isClosed()) {
            bind();
            CachingProvider provider = Caching.getCachingProvider(RedkitCachingProvider.class.getName(), classLoader());
            current = provider.getCacheManager(provider.getDefaultURI(), classLoader())
                    .unwrap(RedkitCacheManager.class);
            manager = current;
        }
        return current;
    }

    private volatile RedkitCacheManager manager;

    void close(@Disposes @Redkit CacheManager manager) {
        this.manager = null;
        manager.close();
        ProviderBindings.unbind(classLoader());
    }

    private static ClassLoader classLoader() {
        return CacheManagerProducer.class.getClassLoader();
    }
}
