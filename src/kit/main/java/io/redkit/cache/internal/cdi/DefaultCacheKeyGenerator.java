package io.redkit.cache.internal.cdi;

import io.redkit.cache.internal.DefaultGeneratedCacheKey;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** JSR-107's default key generation: the values of the key parameters, in declaration order. */
public class DefaultCacheKeyGenerator implements CacheKeyGenerator {

    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        CacheInvocationParameter[] keys = context.getKeyParameters();
        Object[] values = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = keys[i].getValue();
        }
        return new DefaultGeneratedCacheKey(values);
    }
}
