package io.redkit.cache.tck;

import io.redkit.cache.RedkitCachingProvider;
import io.redkit.redis.Redkit;
import io.redkit.testing.RedkitWeld;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The JCache TCK's hook for its annotation tests: a Weld SE (CDI 4) container with redkit's extension and
 * interceptors, and nothing else of redkit, serving the TCK's blog managers.
 */
public class WeldBeanProvider implements BeanProvider {

    /** How many beans the TCK asked for: the guard test checks the annotation tests really ran through here. */
    static final AtomicInteger REQUESTS = new AtomicInteger();

    private static WeldContainer container;

    @Override
    public <T> T getBeanByType(Class<T> beanClass) {
        REQUESTS.incrementAndGet();
        return container().select(beanClass).get();
    }

    static synchronized WeldContainer container() {
        if (container == null) {
            container = RedkitWeld.start(
                    "redkit-jcache-tck",
                    Managers.class,
                    ClassLevelCacheConfigBlogManagerImpl.class,
                    CacheNameOnEachMethodBlogManagerImpl.class,
                    UsingDefaultCacheNameBlogManagerImpl.class);
        }
        return container;
    }

    /** The CacheManager the interceptors use: redkit's default one, on the harness Redis. */
    public static class Managers {
        @Produces
        @Redkit
        CacheManager cacheManager() {
            return Caching.getCachingProvider(RedkitCachingProvider.class.getName())
                    .getCacheManager();
        }
    }
}
