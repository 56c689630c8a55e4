package io.redkit.cache.internal.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemoveAll;

/**
 * {@link CacheRemoveAll}: empty the cache after the method returns (or before it runs with
 * {@code afterInvocation=false}); after an exception only if it matches {@code evictFor} and not {@code noEvictFor}
 * (JSR-107 11.5). Uses {@link Cache#removeAll()}, so listeners and writers hear of every entry.
 */
@CacheRemoveAll
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CacheRemoveAllInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptionSupport support;

    @AroundInvoke
    public Object cacheRemoveAll(InvocationContext context) throws Exception {
        CacheMethod<CacheRemoveAll> method = support.method(context, CacheRemoveAll.class);
        CacheInvocation<CacheRemoveAll> invocation = support.invocation(method, context);
        Cache<Object, Object> cache = method.cacheResolver.resolveCache(invocation);
        CacheRemoveAll annotation = method.annotation;
        if (!annotation.afterInvocation()) {
            cache.removeAll();
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            if (annotation.afterInvocation()
                    && CacheMethod.matches(e, annotation.evictFor(), annotation.noEvictFor(), false)) {
                cache.removeAll();
            }
            throw e;
        }
        if (annotation.afterInvocation()) {
            cache.removeAll();
        }
        return result;
    }
}
