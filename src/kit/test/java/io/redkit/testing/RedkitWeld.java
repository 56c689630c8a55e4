package io.redkit.testing;

import io.redkit.cache.internal.cdi.CacheAnnotationsExtension;
import io.redkit.cache.internal.cdi.CacheInterceptionSupport;
import io.redkit.cache.internal.cdi.CachePutInterceptor;
import io.redkit.cache.internal.cdi.CacheRemoveAllInterceptor;
import io.redkit.cache.internal.cdi.CacheRemoveInterceptor;
import io.redkit.cache.internal.cdi.CacheResultInterceptor;
import io.redkit.cache.internal.cdi.DefaultCacheResolverFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** A Weld SE container with redkit's cache extension and interceptors, plus the given beans (and nothing else). */
public final class RedkitWeld {

    private RedkitWeld() {}

    public static WeldContainer start(String name, Class<?>... beans) {
        return new Weld(name)
                .disableDiscovery()
                .addExtension(new CacheAnnotationsExtension())
                .addBeanClasses(
                        CacheResultInterceptor.class,
                        CachePutInterceptor.class,
                        CacheRemoveInterceptor.class,
                        CacheRemoveAllInterceptor.class,
                        CacheInterceptionSupport.class,
                        DefaultCacheResolverFactory.class)
                .addBeanClasses(beans)
                .initialize();
    }
}
