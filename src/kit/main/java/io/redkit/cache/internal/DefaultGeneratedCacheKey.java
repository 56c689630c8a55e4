package io.redkit.cache.internal;

import java.io.Serializable;
import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/** The default key: the key parameters in order; equal when every parameter is equal (nulls included). */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey, Serializable {

    private static final long serialVersionUID = 1L;

    private final Object[] parameters;
    private final int hash;

    public DefaultGeneratedCacheKey(Object[] parameters) {
        this.parameters = parameters.clone();
        this.hash = Arrays.deepHashCode(this.parameters);
    }

    /** The key parameters, in order (a copy). */
    public Object[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof DefaultGeneratedCacheKey that
                        && hash == that.hash
                        && Arrays.deepEquals(parameters, that.parameters);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(parameters);
    }
}
