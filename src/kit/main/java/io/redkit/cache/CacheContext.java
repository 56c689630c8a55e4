package io.redkit.cache;

import io.redkit.cache.CacheEvents.Fired;
import io.redkit.cache.CacheStore.Slot;
import java.util.Collection;
import java.util.Objects;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;

/**
 * What every operation of one {@link RedkitCache} works with: its configuration, Redis store, codec, expiry rules,
 * loader/writer, events, statistics and near copy. The cache's collaborators share one context instead of reaching
 * back into the cache.
 */
final class CacheContext<K, V> {

    private final RedkitCacheManager manager;
    private final String name;
    private final String namespace;
    private final MutableConfiguration<K, V> configuration;
    private final CacheCodec codec;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;
    private final CacheStats stats = new CacheStats();
    private final NearCache near;
    private volatile CacheStore store;
    private volatile boolean statisticsEnabled;

    CacheContext(
            RedkitCacheManager manager,
            String name,
            String namespace,
            MutableConfiguration<K, V> configuration,
            CacheCodec codec,
            ExpiryRules expiry,
            LoaderWriter<K, V> integration,
            CacheEvents<K, V> events,
            NearCache near) {
        this.manager = manager;
        this.name = name;
        this.namespace = namespace;
        this.configuration = configuration;
        this.codec = codec;
        this.expiry = expiry;
        this.integration = integration;
        this.events = events;
        this.near = near;
        this.statisticsEnabled = configuration.isStatisticsEnabled();
    }

    String name() {
        return name;
    }

    MutableConfiguration<K, V> configuration() {
        return configuration;
    }

    ExpiryRules expiry() {
        return expiry;
    }

    LoaderWriter<K, V> integration() {
        return integration;
    }

    CacheEvents<K, V> events() {
        return events;
    }

    CacheStats stats() {
        return stats;
    }

    /** The near copy in this JVM, or null. */
    NearCache near() {
        return near;
    }

    boolean statisticsEnabled() {
        return statisticsEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        statisticsEnabled = enabled;
    }

    CacheBackend backend() {
        return manager.backend();
    }

    /** The Redis keys are made on first use, so a cache can be created before the application's Redis is bound. */
    CacheStore store() {
        CacheStore current = store;
        if (current == null) {
            synchronized (this) {
                current = store;
                if (current == null) {
                    CacheBackend b = backend();
                    String tag = b.keyPrefix() + ":jcache:{" + namespace + "|" + name + "}";
                    current = new CacheStore(
                            b::redisson, tag, manager.settings().bound(name).orElse(null), this::evicted);
                    store = current;
                }
            }
        }
        return current;
    }

    /** Counts entries a write of this node evicted to keep the cache's bound, if statistics are on. */
    private void evicted(long count) {
        if (statisticsEnabled) {
            stats.evictions(count);
        }
    }

    /** Counts hits, if statistics are on. */
    void hits(int count) {
        if (statisticsEnabled) {
            stats.hits(count);
        }
    }

    boolean readThrough() {
        return configuration.isReadThrough() && integration.hasLoader();
    }

    /** The near copy's value for a local key, or null. */
    @SuppressWarnings("unchecked")
    V nearValue(Object local) {
        return (V) near.get(local);
    }

    /** Fires the EXPIRED event of an entry the read found expired. */
    void expired(K key, byte[] k, Slot slot) {
        if (slot.state() == CacheStore.EXPIRED && events.active()) {
            V old = decodeValue(slot.value());
            if (old != null) {
                events.fire(fired(EventType.EXPIRED, key, old, old, k, slot.value(), slot.value()));
            }
        }
    }

    /** An event to fire, or null when nobody may hear it (then it is not built). */
    Fired<K, V> fired(EventType type, K key, V value, V old, byte[] keyBytes, byte[] valueBytes, byte[] oldBytes) {
        return events.active() ? new Fired<>(type, key, value, old, keyBytes, valueBytes, oldBytes) : null;
    }

    void checkTypes(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Class<K> keyType = configuration.getKeyType();
        Class<V> valueType = configuration.getValueType();
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("Cache '" + name + "' holds keys of type " + keyType.getName() + ", not "
                    + key.getClass().getName());
        }
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("Cache '" + name + "' holds values of type " + valueType.getName() + ", not "
                    + value.getClass().getName());
        }
    }

    static void requireNoNulls(Collection<?> items, String what) {
        Objects.requireNonNull(items, what);
        for (Object item : items) {
            Objects.requireNonNull(item, () -> what + " must not contain null");
        }
    }

    byte[] encodeKey(K key) {
        if (key != null && NearCache.HIBERNATE_KEYS.contains(key.getClass().getName())) {
            return encodedKeys.get(key, k -> codec.encode(k, "key"));
        }
        return codec.encode(key, "key");
    }

    /**
     * The bytes of recent Hibernate cache keys ({@link NearCache#HIBERNATE_KEYS}): every L2 read would otherwise
     * Java-serialize one (a tenth of an L2 hit's CPU in a profile).
     */
    private final com.github.benmanes.caffeine.cache.Cache<Object, byte[]> encodedKeys =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(1024)
                    .build();

    byte[] encodeValue(V value) {
        return codec.encode(value, "value");
    }

    @SuppressWarnings("unchecked")
    K decodeKey(byte[] bytes) {
        return (K) codec.decode(bytes);
    }

    @SuppressWarnings("unchecked")
    V decodeValue(byte[] bytes) {
        return (V) codec.decode(bytes);
    }
}
