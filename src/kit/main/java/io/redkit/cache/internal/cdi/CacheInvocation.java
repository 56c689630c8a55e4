package io.redkit.cache.internal.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/** One call of an annotated method, as key generators and cache resolvers see it. */
final class CacheInvocation<A extends Annotation> implements CacheKeyInvocationContext<A> {

    private final CacheMethod<A> method;
    private final Object target;
    private final Object[] values;

    CacheInvocation(CacheMethod<A> method, Object target, Object[] values) {
        this.method = method;
        this.target = target;
        this.values = values == null ? new Object[0] : values;
    }

    @Override
    public Object getTarget() {
        return target;
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
        CacheInvocationParameter[] all = new CacheInvocationParameter[values.length];
        for (int i = 0; i < values.length; i++) {
            all[i] = method.parameter(i, values);
        }
        return all;
    }

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
        CacheInvocationParameter[] keys = new CacheInvocationParameter[method.keyParameters.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = method.parameter(method.keyParameters[i], values);
        }
        return keys;
    }

    @Override
    public CacheInvocationParameter getValueParameter() {
        return method.valueParameter < 0 ? null : method.parameter(method.valueParameter, values);
    }

    Object value() {
        return method.valueParameter < 0 ? null : values[method.valueParameter];
    }

    @Override
    public Method getMethod() {
        return method.getMethod();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return method.getAnnotations();
    }

    @Override
    public A getCacheAnnotation() {
        return method.getCacheAnnotation();
    }

    @Override
    public String getCacheName() {
        return method.getCacheName();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return io.redkit.cache.internal.Unwrap.as(type, this, "A cache invocation");
    }
}
