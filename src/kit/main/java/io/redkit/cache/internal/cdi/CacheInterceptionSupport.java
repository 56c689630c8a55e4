package io.redkit.cache.internal.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.GeneratedCacheKey;

/** Shared by the four interceptors: per-method details (worked out once) and per-call contexts and keys. */
@ApplicationScoped
public class CacheInterceptionSupport {

    private final ConcurrentMap<Method, CacheMethod<?>> methods = new ConcurrentHashMap<>();
    private final DefaultCacheKeyGenerator defaultKeyGenerator = new DefaultCacheKeyGenerator();

    @Inject
    DefaultCacheResolverFactory defaultResolverFactory;

    @Inject
    Instance<Object> beans;

    @SuppressWarnings("unchecked")
    <A extends Annotation> CacheMethod<A> method(InvocationContext context, Class<A> type) {
        Method method = context.getMethod();
        return (CacheMethod<A>) methods.computeIfAbsent(method, m -> {
            A annotation = m.getAnnotation(type);
            if (annotation == null) {
                throw new IllegalStateException("redkit: " + m + " is intercepted for @" + type.getSimpleName()
                        + " but does not carry it (class-level cache annotations are not supported)");
            }
            return new CacheMethod<>(m, annotation, this);
        });
    }

    <A extends Annotation> CacheInvocation<A> invocation(CacheMethod<A> method, InvocationContext context) {
        return new CacheInvocation<>(method, context.getTarget(), context.getParameters());
    }

    GeneratedCacheKey key(CacheMethod<?> method, CacheInvocation<?> invocation) {
        return method.keyGenerator.generateCacheKey(invocation);
    }

    CacheKeyGenerator keyGenerator(Class<? extends CacheKeyGenerator> type) {
        return type == CacheKeyGenerator.class || type == DefaultCacheKeyGenerator.class
                ? defaultKeyGenerator
                : instance(type);
    }

    CacheResolverFactory resolverFactory(Class<? extends CacheResolverFactory> type) {
        return type == CacheResolverFactory.class || type == DefaultCacheResolverFactory.class
                ? defaultResolverFactory
                : instance(type);
    }

    /** A CDI bean of that type if there is one, else a new instance from its public no-argument constructor. */
    private <T> T instance(Class<T> type) {
        Instance<T> bean = beans.select(type);
        if (bean.isResolvable()) {
            return bean.get();
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "redkit: cannot create " + type.getName() + " (no CDI bean and no public no-argument constructor)",
                    e);
        }
    }
}
