package io.redkit.cache.internal.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@link CacheRemove}: remove the key after the method returns (or before it runs with
 * {@code afterInvocation=false}); after an exception only if it matches {@code evictFor} and not {@code noEvictFor}
 * (JSR-107 11.4).
 */
@CacheRemove
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CacheRemoveInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptionSupport support;

    @AroundInvoke
    public Object cacheRemove(InvocationContext context) throws Exception {
        CacheMethod<CacheRemove> method = support.method(context, CacheRemove.class);
        CacheInvocation<CacheRemove> invocation = support.invocation(method, context);
        GeneratedCacheKey key = support.key(method, invocation);
        Cache<Object, Object> cache = method.cacheResolver.resolveCache(invocation);
        CacheRemove annotation = method.annotation;
        if (!annotation.afterInvocation()) {
            cache.remove(key);
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            if (annotation.afterInvocation()
                    && CacheMethod.matches(e, annotation.evictFor(), annotation.noEvictFor(), false)) {
                cache.remove(key);
            }
            throw e;
        }
        if (annotation.afterInvocation()) {
            cache.remove(key);
        }
        return result;
    }
}
