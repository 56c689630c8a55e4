package io.redkit.cache;

import io.redkit.cache.internal.Unwrap;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/** A JCache event. For REMOVED and EXPIRED events the value is the value that was removed (JCache 1.1). */
final class RedkitCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {

    private static final long serialVersionUID = 1L;

    private final K key;
    private final V value;
    private final V oldValue;

    RedkitCacheEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
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
    public V getOldValue() {
        return oldValue;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValue != null;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "A redkit cache event");
    }

    @Override
    public String toString() {
        return getEventType() + " " + key + " = " + value + (oldValue == null ? "" : " (was " + oldValue + ")");
    }
}
