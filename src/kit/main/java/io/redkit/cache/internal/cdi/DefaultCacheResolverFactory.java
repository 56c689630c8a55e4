package io.redkit.cache.internal.cdi;

import io.redkit.cache.RedkitCacheManager;
import io.redkit.redis.Redkit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Resolves annotation cache names against the application's {@link CacheManager}. A name that is neither created
 * nor declared fails at the method's first call, with a message saying how to declare it.
 */
@ApplicationScoped
public class DefaultCacheResolverFactory implements CacheResolverFactory {

    @Inject
    @Redkit
    Instance<CacheManager> cacheManagers;

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        return resolver(details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        return resolver(details.getCacheAnnotation().exceptionCacheName());
    }

    private CacheResolver resolver(String name) {
        Cache<Object, Object> cache = lookup(name);
        return new CacheResolver() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                // a cache destroyed meanwhile (tests, operators) is looked up again rather than used closed
                return (Cache<K, V>) (cache.isClosed() ? lookup(name) : cache);
            }
        };
    }

    private Cache<Object, Object> lookup(String name) {
        CacheManager cacheManager = cacheManagers.get();
        if (cacheManager.isClosed()) {
            throw new CacheException("The CacheManager is closed; cannot resolve cache '" + name + "'");
        }
        try {
            return RedkitCacheManager.from(cacheManager).cacheForAnnotation(name);
        } catch (IllegalArgumentException notRedkit) {
            Cache<Object, Object> cache = cacheManager.getCache(name);
            if (cache == null) {
                throw new CacheException("No cache named '" + name + "' in " + cacheManager.getURI());
            }
            return cache;
        }
    }
}
