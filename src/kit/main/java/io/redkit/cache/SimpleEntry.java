package io.redkit.cache;

import io.redkit.cache.internal.Unwrap;
import javax.cache.Cache;

/** An immutable cache entry: what iterators and writers are given. */
final class SimpleEntry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    SimpleEntry(K key, V value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "Cache entry");
    }
}
