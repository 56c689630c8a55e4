package io.redkit.cache.internal.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@link CachePut}: store the {@code @CacheValue} parameter under the key, after the method returns (or, with
 * {@code afterInvocation=false}, before it runs). After an exception the value is stored only if the exception
 * matches {@code cacheFor} and not {@code noCacheFor} (JSR-107 11.3). A null value removes the key.
 */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CachePutInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptionSupport support;

    @AroundInvoke
    public Object cachePut(InvocationContext context) throws Exception {
        CacheMethod<CachePut> method = support.method(context, CachePut.class);
        CacheInvocation<CachePut> invocation = support.invocation(method, context);
        GeneratedCacheKey key = support.key(method, invocation);
        Cache<Object, Object> cache = method.cacheResolver.resolveCache(invocation);
        CachePut annotation = method.annotation;
        if (!annotation.afterInvocation()) {
            store(cache, key, invocation.value());
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            if (annotation.afterInvocation()
                    && CacheMethod.matches(e, annotation.cacheFor(), annotation.noCacheFor(), false)) {
                store(cache, key, invocation.value());
            }
            throw e;
        }
        if (annotation.afterInvocation()) {
            store(cache, key, invocation.value());
        }
        return result;
    }

    private static void store(Cache<Object, Object> cache, GeneratedCacheKey key, Object value) {
        if (value == null) {
            cache.remove(key);
        } else {
            cache.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
