package io.redkit.cache.internal.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@link CacheResult}: answer from the cache when it has the key, else run the method and cache a non-null result
 * (JSR-107 11.2). With {@code exceptionCacheName}, a matching exception is cached and rethrown on later calls.
 * Business exceptions leave unwrapped. With Redis unreachable the cache misses and the method runs.
 */
@CacheResult
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CacheResultInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptionSupport support;

    @AroundInvoke
    public Object cacheResult(InvocationContext context) throws Exception {
        CacheMethod<CacheResult> method = support.method(context, CacheResult.class);
        CacheInvocation<CacheResult> invocation = support.invocation(method, context);
        GeneratedCacheKey key = support.key(method, invocation);
        Cache<Object, Object> cache = method.cacheResolver.resolveCache(invocation);
        Cache<Object, Object> exceptions =
                method.exceptionCacheResolver == null ? null : method.exceptionCacheResolver.resolveCache(invocation);
        CacheResult annotation = method.annotation;
        if (!annotation.skipGet()) {
            Object hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
            if (exceptions != null && exceptions.get(key) instanceof Throwable cached) {
                throw CachePutInterceptor.<RuntimeException>sneaky(cached);
            }
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            if (exceptions != null
                    && CacheMethod.matches(e, annotation.cachedExceptions(), annotation.nonCachedExceptions(), true)) {
                exceptions.put(key, e);
            }
            throw e;
        }
        if (result != null) {
            cache.put(key, result);
        }
        return result;
    }
}
