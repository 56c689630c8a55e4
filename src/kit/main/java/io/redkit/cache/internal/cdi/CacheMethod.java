package io.redkit.cache.internal.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Everything about one annotated method that does not change between calls, worked out once (JSR-107 section 11):
 * cache name, resolvers, key generator, which parameters make the key and which is the value.
 */
final class CacheMethod<A extends Annotation> implements CacheMethodDetails<A> {

    final Method method;
    final A annotation;
    final String cacheName;
    final Set<Annotation> annotations;
    final CacheKeyGenerator keyGenerator;
    final CacheResolver cacheResolver;
    /** Null unless @CacheResult names an exceptionCacheName. */
    final CacheResolver exceptionCacheResolver;

    final int[] keyParameters;
    final int valueParameter;
    final Set<Annotation>[] parameterAnnotations;

    @SuppressWarnings("unchecked")
    CacheMethod(Method method, A annotation, CacheInterceptionSupport support) {
        this.method = method;
        this.annotation = annotation;
        this.annotations = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(method.getAnnotations())));
        CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);

        String name = "";
        Class<? extends CacheResolverFactory> factoryType = CacheResolverFactory.class;
        Class<? extends CacheKeyGenerator> generatorType = CacheKeyGenerator.class;
        if (annotation instanceof CacheResult r) {
            name = r.cacheName();
            factoryType = r.cacheResolverFactory();
            generatorType = r.cacheKeyGenerator();
        } else if (annotation instanceof CachePut p) {
            name = p.cacheName();
            factoryType = p.cacheResolverFactory();
            generatorType = p.cacheKeyGenerator();
        } else if (annotation instanceof CacheRemove r) {
            name = r.cacheName();
            factoryType = r.cacheResolverFactory();
            generatorType = r.cacheKeyGenerator();
        } else if (annotation instanceof CacheRemoveAll r) {
            name = r.cacheName();
            factoryType = r.cacheResolverFactory();
        }
        if (name.isEmpty() && defaults != null) {
            name = defaults.cacheName();
        }
        this.cacheName = name.isEmpty() ? defaultCacheName(method) : name;

        if (factoryType == CacheResolverFactory.class && defaults != null) {
            factoryType = defaults.cacheResolverFactory();
        }
        if (generatorType == CacheKeyGenerator.class && defaults != null) {
            generatorType = defaults.cacheKeyGenerator();
        }
        this.keyGenerator = support.keyGenerator(generatorType);
        CacheResolverFactory factory = support.resolverFactory(factoryType);
        this.cacheResolver = factory.getCacheResolver(this);
        this.exceptionCacheResolver =
                annotation instanceof CacheResult r && !r.exceptionCacheName().isEmpty()
                        ? factory.getExceptionCacheResolver((CacheMethodDetails<CacheResult>) this)
                        : null;

        Annotation[][] all = method.getParameterAnnotations();
        this.parameterAnnotations = new Set[all.length];
        List<Integer> keys = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        int value = -1;
        for (int i = 0; i < all.length; i++) {
            parameterAnnotations[i] = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(all[i])));
            boolean isKey = false;
            boolean isValue = false;
            for (Annotation a : all[i]) {
                isKey |= a instanceof CacheKey;
                isValue |= a instanceof CacheValue;
            }
            if (isValue) {
                if (value >= 0) {
                    throw new IllegalStateException(
                            "@CachePut method " + method + " has more than one @CacheValue parameter");
                }
                value = i;
            } else if (isKey) {
                keys.add(i);
            } else {
                others.add(i);
            }
        }
        if (annotation instanceof CachePut && value < 0) {
            throw new IllegalStateException("@CachePut method " + method + " has no @CacheValue parameter");
        }
        this.valueParameter = value;
        this.keyParameters = (keys.isEmpty() ? others : keys)
                .stream().mapToInt(Integer::intValue).toArray();
    }

    /** JSR-107's default: {@code package.Class.method(package.ParameterType,...)}. */
    static String defaultCacheName(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getName)
                        .collect(Collectors.joining(",", "(", ")"));
    }

    @Override
    public Method getMethod() {
        return method;
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return annotations;
    }

    @Override
    public A getCacheAnnotation() {
        return annotation;
    }

    @Override
    public String getCacheName() {
        return cacheName;
    }

    CacheInvocationParameter parameter(int index, Object[] values) {
        return new Parameter(method.getParameterTypes()[index], values[index], parameterAnnotations[index], index);
    }

    record Parameter(Class<?> rawType, Object value, Set<Annotation> annotations, int position)
            implements CacheInvocationParameter {
        @Override
        public Class<?> getRawType() {
            return rawType;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Set<Annotation> getAnnotations() {
            return annotations;
        }

        @Override
        public int getParameterPosition() {
            return position;
        }
    }

    /**
     * True if an exception is to be acted on: listed in {@code include} (or include empty) and not in exclude. With
     * both lists empty, {@code whenBothEmpty} decides: @CacheResult caches every exception then, while @CachePut,
     * @CacheRemove and @CacheRemoveAll act on none.
     */
    static boolean matches(
            Throwable t,
            Class<? extends Throwable>[] include,
            Class<? extends Throwable>[] exclude,
            boolean whenBothEmpty) {
        if (include.length == 0 && exclude.length == 0) {
            return whenBothEmpty;
        }
        boolean included = include.length == 0;
        for (Class<? extends Throwable> type : include) {
            included |= type.isInstance(t);
        }
        if (!included) {
            return false;
        }
        for (Class<? extends Throwable> type : exclude) {
            if (type.isInstance(t)) {
                return false;
            }
        }
        return true;
    }
}
