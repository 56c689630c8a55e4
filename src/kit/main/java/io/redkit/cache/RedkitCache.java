package io.redkit.cache;

import io.redkit.cache.CacheEvents.Fired;
import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Expect;
import io.redkit.cache.CacheStore.Op;
import io.redkit.cache.CacheStore.Slot;
import io.redkit.redis.RedisOutages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in Redis (see {@link CacheStore}); every JVM with a cache of the same name
 * in a manager of the same URI, on the same Redis and key prefix, sees the same entries.
 *
 * <p>Reads are one round trip. Writes read the entry, decide in Java (expiry policy, writer, events, statistics need
 * to know whether the entry existed) and commit with a compare-and-set script, retrying if another thread or node
 * changed the entry in between: every operation, {@link #invoke} included, is atomic per key across JVMs. An entry
 * processor may therefore run more than once under contention; only its last run takes effect.
 */
public final class RedkitCache<K, V> implements Cache<K, V> {

    private static final Logger LOG = Logger.getLogger(RedkitCache.class.getName());
    private static final int SCAN_PAGE = 256;

    private final RedkitCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final String namespace;
    private volatile CacheStore store;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;
    private final CacheStats stats = new CacheStats();
    private final ExecutorService executor;
    private final CacheCodec codec;
    private final NearCache near;
    private java.util.concurrent.ScheduledFuture<?> nearCheck;
    private volatile boolean statisticsEnabled;
    private volatile boolean managementEnabled;
    private volatile boolean dirty;
    private volatile long seenConnectionEpoch = -1;
    private volatile boolean closed;

    RedkitCache(
            RedkitCacheManager manager,
            String name,
            CompleteConfiguration<K, V> configuration,
            String namespace,
            ExecutorService executor) {
        this.manager = manager;
        this.name = name;
        this.configuration = new MutableConfiguration<>(configuration);
        this.namespace = namespace;
        this.executor = executor;
        this.codec = new CacheCodec(name, manager::backend);
        ExpiryPolicy policy = configuration.getExpiryPolicyFactory() == null
                ? null
                : configuration.getExpiryPolicyFactory().create();
        this.expiry = new ExpiryRules(policy == null ? new EternalExpiryPolicy() : policy);
        this.integration = new LoaderWriter<>(
                name,
                configuration.getCacheLoaderFactory() == null
                        ? null
                        : configuration.getCacheLoaderFactory().create(),
                configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                        ? configuration.getCacheWriterFactory().create()
                        : null);
        this.events = new CacheEvents<>(this);
        // the copy above kept the listener configurations; register each once (and keep the copy's list in step)
        List<CacheEntryListenerConfiguration<K, V>> listeners = new ArrayList<>();
        configuration.getCacheEntryListenerConfigurations().forEach(listeners::add);
        for (CacheEntryListenerConfiguration<K, V> listener : listeners) {
            events.register(listener);
        }
        this.statisticsEnabled = configuration.isStatisticsEnabled();
        this.managementEnabled = configuration.isManagementEnabled();
        this.near = nearCache(manager.settings().near(name).orElse(null));
    }

    private NearCache nearCache(CacheSettings.NearSpec spec) {
        if (spec == null) {
            return null;
        }
        if (!expiry.accessKnownUpFront() || expiry.access() != CacheStore.KEEP) {
            LOG.info("redkit cache '" + name + "': no near cache, because its expiry policy moves the expiry on "
                    + "reads (a local hit cannot extend a TTL in Redis); " + CacheSettings.nearKey(name)
                    + " is ignored");
            return null;
        }
        NearCache created = new NearCache(
                name,
                spec,
                configuration.isStoreByValue(),
                codec,
                this::backend,
                () -> store().invalidationChannel(),
                () -> store().sequenceKey());
        nearCheck = manager.scheduleNearCheck(created::check);
        return created;
    }

    /** The near copy of this cache in this JVM, if it has one (for tests). */
    NearCache near() {
        return near;
    }

    /** What this cache's near copy did in this JVM; empty when the cache has none. */
    public java.util.Optional<NearCacheStatistics> nearStatistics() {
        return near == null ? java.util.Optional.empty() : java.util.Optional.of(near.statistics());
    }

    // ---- identity, configuration, lifecycle ---------------------------------------------------------------------

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        if (type.isInstance(configuration)) {
            MutableConfiguration<K, V> copy = new MutableConfiguration<>(configuration);
            copy.setStatisticsEnabled(statisticsEnabled);
            copy.setManagementEnabled(managementEnabled);
            return type.cast(copy);
        }
        throw new IllegalArgumentException("Cache '" + name + "': configuration is a "
                + configuration.getClass().getName() + ", not a " + type.getName());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        manager.release(this);
    }

    /** Called by the manager: closes the cache's loader, writer, expiry policy and listeners that are Closeable. */
    void closeResources() {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        if (near != null) {
            nearCheck.cancel(false);
            near.close();
        }
        integration.close();
        CacheEvents.closeQuietly(expiry.policy());
    }

    void destroyData() {
        try {
            clearStore();
        } catch (RuntimeException e) {
            if (!backend().bypass(name, e)) {
                throw translate(e);
            }
        }
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "Cache '" + name + "'");
    }

    public CacheStats statistics() {
        return stats;
    }

    boolean statisticsEnabled() {
        return statisticsEnabled;
    }

    boolean managementEnabled() {
        return managementEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        statisticsEnabled = enabled;
        configuration.setStatisticsEnabled(enabled);
    }

    void setManagementEnabled(boolean enabled) {
        managementEnabled = enabled;
        configuration.setManagementEnabled(enabled);
    }

    ExpiryRules expiry() {
        return expiry;
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

    private boolean readThrough() {
        return configuration.isReadThrough() && integration.hasLoader();
    }

    MutableConfiguration<K, V> liveConfiguration() {
        return configuration;
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

    String eventChannel() {
        return store().dataKey().substring(0, store().dataKey().length() - 2) + ":events";
    }

    /** The Redis hash holding this cache's entries (for operators and tests). */
    public String redisKey() {
        return store().dataKey();
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        V value = null;
        try {
            backend().checkReachable(name);
            Object local = null;
            byte[] k = null;
            if (near != null && near.active()) {
                // a key held by its bytes is serialized once, for the local lookup and for Redis
                k = NearCache.heldByValue(key) ? null : encodeKey(key);
                local = k == null ? key : near.localKey(key, k);
                value = nearValue(local);
                if (value != null) {
                    if (statisticsEnabled) {
                        stats.hits(1);
                    }
                    return value;
                }
            }
            if (k == null) {
                k = encodeKey(key);
            }
            NearCache.Reservation reservation = local == null ? null : near.reserve(local);
            Slot slot;
            try {
                CacheStore.Read read = store().readWithSequence(
                                List.of(k), expiry.accessKnownUpFront() ? expiry.access() : CacheStore.KEEP);
                slot = read.slots().get(0);
                value = slot.present() ? decodeValue(slot.value()) : null;
                if (local != null) {
                    near.fill(local, reservation, value, slot.value(), slot.remainingMillis(), read.sequence());
                }
            } finally {
                if (local != null) {
                    near.release(local, reservation);
                }
            }
            expired(key, k, slot);
            if (value != null) {
                if (!expiry.accessKnownUpFront()) {
                    touch(k, slot.value());
                }
                if (statisticsEnabled) {
                    stats.hits(1);
                }
                return value;
            }
            if (statisticsEnabled) {
                stats.misses(1);
            }
            if (readThrough()) {
                value = integration.load(key);
                if (value != null) {
                    putLoaded(key, k, value);
                }
            }
            return value;
        } catch (RuntimeException e) {
            outage(e);
            if (statisticsEnabled) {
                stats.misses(1);
            }
            return readThrough() ? integration.load(key) : null;
        } finally {
            if (statisticsEnabled) {
                stats.getTime(start);
            }
        }
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        long start = System.nanoTime();
        Map<K, V> result = new LinkedHashMap<>();
        List<K> order = new ArrayList<>(keys);
        try {
            backend().checkReachable(name);
            boolean useNear = near != null && near.active();
            int localHits = 0;
            List<byte[]> fields = new ArrayList<>(order.size());
            List<Object> locals = new ArrayList<>();
            if (useNear) {
                // each key serialized at most once: for its local lookup (if held by bytes) and for Redis
                for (java.util.Iterator<K> it = order.iterator(); it.hasNext(); ) {
                    K key = it.next();
                    byte[] k = NearCache.heldByValue(key) ? null : encodeKey(key);
                    Object local = k == null ? key : near.localKey(key, k);
                    V value = nearValue(local);
                    if (value != null) {
                        result.put(key, value);
                        it.remove();
                        localHits++;
                    } else {
                        fields.add(k != null ? k : encodeKey(key));
                        locals.add(local);
                    }
                }
            } else {
                for (K key : order) {
                    fields.add(encodeKey(key));
                }
            }
            List<NearCache.Reservation> reservations = new ArrayList<>();
            for (Object local : locals) {
                reservations.add(near.reserve(local));
            }
            List<Slot> slots;
            try {
                CacheStore.Read read = order.isEmpty()
                        ? new CacheStore.Read(0, List.of())
                        : store().readWithSequence(
                                        fields, expiry.accessKnownUpFront() ? expiry.access() : CacheStore.KEEP);
                slots = read.slots();
                if (useNear) {
                    for (int i = 0; i < order.size(); i++) {
                        Slot slot = slots.get(i);
                        near.fill(
                                locals.get(i),
                                reservations.get(i),
                                slot.present() ? decodeValue(slot.value()) : null,
                                slot.value(),
                                slot.remainingMillis(),
                                read.sequence());
                    }
                }
            } finally {
                for (int i = 0; i < locals.size(); i++) {
                    near.release(locals.get(i), reservations.get(i));
                }
            }
            if (statisticsEnabled) {
                stats.hits(localHits);
            }
            List<K> missing = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                Slot slot = slots.get(i);
                expired(order.get(i), fields.get(i), slot);
                V value = slot.present() ? decodeValue(slot.value()) : null;
                if (value != null) {
                    result.put(order.get(i), value);
                    if (!expiry.accessKnownUpFront()) {
                        touch(fields.get(i), slot.value());
                    }
                } else {
                    missing.add(order.get(i));
                }
            }
            if (statisticsEnabled) {
                stats.hits(result.size() - localHits);
                stats.misses(missing.size());
            }
            if (!missing.isEmpty() && readThrough()) {
                Map<K, V> loaded = integration.loadAll(missing);
                for (Map.Entry<K, V> entry : loaded.entrySet()) {
                    if (entry.getKey() != null && entry.getValue() != null) {
                        putLoaded(entry.getKey(), encodeKey(entry.getKey()), entry.getValue());
                        result.put(entry.getKey(), entry.getValue());
                    }
                }
            }
            return result;
        } catch (RuntimeException e) {
            outage(e);
            if (statisticsEnabled) {
                stats.misses(order.size());
            }
            if (readThrough()) {
                integration.loadAll(order).forEach((k, v) -> {
                    if (k != null && v != null) {
                        result.put(k, v);
                    }
                });
            }
            return result;
        } finally {
            if (statisticsEnabled) {
                stats.getTime(start);
            }
        }
    }

    @Override
    public boolean containsKey(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        try {
            backend().checkReachable(name);
            if (near != null && near.active() && nearValue(near.localKey(key)) != null) {
                return true;
            }
            byte[] k = encodeKey(key);
            Slot slot = store().read(k, CacheStore.KEEP);
            expired(key, k, slot);
            return slot.present();
        } catch (RuntimeException e) {
            outage(e);
            return false;
        }
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        requireOpen();
        requireNoNulls(keys, "keys");
        CompletionListener done = listener == null ? NO_LISTENER : listener;
        if (!integration.hasLoader()) {
            done.onCompletion();
            return;
        }
        List<K> requested = new ArrayList<>(keys);
        executor.execute(() -> {
            try {
                List<K> toLoad = requested;
                if (!replaceExistingValues) {
                    toLoad = new ArrayList<>();
                    List<byte[]> fields = new ArrayList<>();
                    for (K key : requested) {
                        fields.add(encodeKey(key));
                    }
                    List<Slot> slots = store().read(fields, CacheStore.KEEP);
                    for (int i = 0; i < requested.size(); i++) {
                        if (!slots.get(i).present()) {
                            toLoad.add(requested.get(i));
                        }
                    }
                }
                if (!toLoad.isEmpty()) {
                    Map<K, V> loaded = integration.loadAll(toLoad);
                    for (Map.Entry<K, V> entry : loaded.entrySet()) {
                        if (entry.getKey() != null && entry.getValue() != null) {
                            if (replaceExistingValues) {
                                putReplacing(entry.getKey(), entry.getValue());
                            } else {
                                putLoaded(entry.getKey(), encodeKey(entry.getKey()), entry.getValue());
                            }
                        }
                    }
                }
                done.onCompletion();
            } catch (Exception e) {
                done.onException(e instanceof RuntimeException re ? translate(re) : e);
            }
        });
    }

    // ---- writes ---------------------------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        putInternal(key, value, false);
    }

    @Override
    public V getAndPut(K key, V value) {
        return putInternal(key, value, true);
    }

    private V putInternal(K key, V value, boolean returnOld) {
        requireOpen();
        checkTypes(key, value);
        long start = System.nanoTime();
        boolean[] written = {false};
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            byte[] bytes = encodeValue(value);
            return readDecideCommit(key, k, slot -> {
                boolean exists = slot.present();
                if (!written[0]) {
                    integration.write(key, value);
                    written[0] = true;
                }
                long ttl = exists ? expiry.update() : expiry.creation();
                if (!exists && ttl == 0) {
                    if (returnOld && statisticsEnabled) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                return new Decision<>(upsert(k, exists ? slot : null, bytes, ttl), () -> {
                    V old = exists ? decodeValue(slot.value()) : null;
                    if (statisticsEnabled) {
                        stats.puts(1);
                        if (returnOld) {
                            if (exists) {
                                stats.hits(1);
                            } else {
                                stats.misses(1);
                            }
                        }
                    }
                    events.fire(
                            exists
                                    ? fired(EventType.UPDATED, key, value, old, k, bytes, slot.value())
                                    : fired(EventType.CREATED, key, value, null, k, bytes, null));
                    return old;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            if (!written[0]) {
                integration.write(key, value);
            }
            return null;
        } finally {
            if (statisticsEnabled) {
                stats.putTime(start);
            }
        }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        requireOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            checkTypes(entry.getKey(), entry.getValue());
        }
        long start = System.nanoTime();
        Map<K, V> toPut = new LinkedHashMap<>(map);
        CacheWriterException writerFailure = null;
        boolean written = false;
        try {
            backend().checkReachable(name);
            Map<K, byte[]> keyBytes = new HashMap<>();
            Map<K, byte[]> valueBytes = new HashMap<>();
            for (Map.Entry<K, V> entry : toPut.entrySet()) {
                keyBytes.put(entry.getKey(), encodeKey(entry.getKey()));
                valueBytes.put(entry.getKey(), encodeValue(entry.getValue()));
            }
            if (integration.hasWriter()) {
                written = true;
                List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>();
                toPut.forEach((k, v) -> entries.add(new SimpleEntry<>(k, v)));
                try {
                    integration.writeAll(entries);
                } catch (Exception e) {
                    writerFailure = integration.writerException(e);
                    // what the writer left in the collection was not written: the cache must not get it either
                    for (Cache.Entry<? extends K, ? extends V> left : entries) {
                        toPut.remove(left.getKey());
                    }
                }
            }
            List<K> order = new ArrayList<>(toPut.keySet());
            while (!order.isEmpty()) {
                List<byte[]> fields = new ArrayList<>(order.size());
                for (K key : order) {
                    fields.add(keyBytes.get(key));
                }
                List<Slot> slots = store().read(fields, CacheStore.KEEP);
                List<Change> changes = new ArrayList<>();
                List<Fired<K, V>> fired = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    K key = order.get(i);
                    Slot slot = slots.get(i);
                    expired(key, fields.get(i), slot);
                    boolean exists = slot.present();
                    long ttl = exists ? expiry.update() : expiry.creation();
                    if (!exists && ttl == 0) {
                        continue;
                    }
                    byte[] bytes = valueBytes.get(key);
                    changes.add(upsert(fields.get(i), exists ? slot : null, bytes, ttl));
                    fired.add(
                            exists
                                    ? fired(
                                            EventType.UPDATED,
                                            key,
                                            toPut.get(key),
                                            decodeValue(slot.value()),
                                            fields.get(i),
                                            bytes,
                                            slot.value())
                                    : fired(EventType.CREATED, key, toPut.get(key), null, fields.get(i), bytes, null));
                }
                if (commit(changes) < 0) {
                    if (statisticsEnabled) {
                        stats.puts(changes.size());
                    }
                    events.fire(fired);
                    break;
                }
            }
        } catch (RuntimeException e) {
            outage(e);
            if (!written && integration.hasWriter()) {
                List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>();
                toPut.forEach((k, v) -> entries.add(new SimpleEntry<>(k, v)));
                try {
                    integration.writeAll(entries);
                } catch (Exception writerError) {
                    writerFailure = integration.writerException(writerError);
                }
            }
        } finally {
            if (statisticsEnabled) {
                stats.putTime(start);
            }
        }
        if (writerFailure != null) {
            throw writerFailure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        requireOpen();
        checkTypes(key, value);
        long start = System.nanoTime();
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            byte[] bytes = encodeValue(value);
            boolean[] written = {false};
            return readDecideCommit(key, k, slot -> {
                if (slot.present()) {
                    if (statisticsEnabled) {
                        stats.hits(1);
                    }
                    return Decision.done(false);
                }
                if (!written[0]) {
                    integration.write(key, value);
                    written[0] = true;
                }
                long ttl = expiry.creation();
                if (ttl == 0) {
                    if (statisticsEnabled) {
                        stats.misses(1);
                    }
                    return Decision.done(true);
                }
                return new Decision<>(upsert(k, null, bytes, ttl), () -> {
                    if (statisticsEnabled) {
                        stats.misses(1);
                        stats.puts(1);
                    }
                    events.fire(fired(EventType.CREATED, key, value, null, k, bytes, null));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            return false;
        } finally {
            if (statisticsEnabled) {
                stats.putTime(start);
            }
        }
    }

    @Override
    public boolean remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        boolean[] deleted = {false};
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            return readDecideCommit(key, k, slot -> {
                if (!deleted[0]) {
                    integration.delete(key);
                    deleted[0] = true;
                }
                if (!slot.present()) {
                    return Decision.done(false);
                }
                return new Decision<>(deletion(k, slot), () -> {
                    if (statisticsEnabled) {
                        stats.removals(1);
                    }
                    V old = decodeValue(slot.value());
                    events.fire(fired(EventType.REMOVED, key, old, old, k, slot.value(), slot.value()));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            if (!deleted[0]) {
                integration.delete(key);
            }
            return false;
        } finally {
            if (statisticsEnabled) {
                stats.removeTime(start);
            }
        }
    }

    @Override
    public boolean remove(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = System.nanoTime();
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            return readDecideCommit(key, k, slot -> {
                V current = slot.present() ? decodeValue(slot.value()) : null;
                if (current == null) {
                    if (statisticsEnabled) {
                        stats.misses(1);
                    }
                    return Decision.done(false);
                }
                if (!current.equals(oldValue)) {
                    touch(k, slot.value());
                    if (statisticsEnabled) {
                        stats.hits(1);
                    }
                    return Decision.done(false);
                }
                integration.delete(key);
                return new Decision<>(deletion(k, slot), () -> {
                    if (statisticsEnabled) {
                        stats.hits(1);
                        stats.removals(1);
                    }
                    events.fire(fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            return false;
        } finally {
            if (statisticsEnabled) {
                stats.removeTime(start);
            }
        }
    }

    @Override
    public V getAndRemove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        boolean[] deleted = {false};
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            return readDecideCommit(key, k, slot -> {
                if (!deleted[0]) {
                    integration.delete(key);
                    deleted[0] = true;
                }
                if (!slot.present()) {
                    if (statisticsEnabled) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                V current = decodeValue(slot.value());
                return new Decision<>(deletion(k, slot), () -> {
                    if (statisticsEnabled) {
                        if (current != null) {
                            stats.hits(1);
                        } else {
                            stats.misses(1);
                        }
                        stats.removals(1);
                    }
                    events.fire(fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    return current;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            if (!deleted[0]) {
                integration.delete(key);
            }
            return null;
        } finally {
            if (statisticsEnabled) {
                stats.removeTime(start);
                stats.getTime(start);
            }
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        checkTypes(key, newValue);
        return replaceInternal(key, oldValue, newValue) != null;
    }

    @Override
    public boolean replace(K key, V value) {
        requireOpen();
        checkTypes(key, value);
        return replaceInternal(key, null, value) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        requireOpen();
        checkTypes(key, value);
        return replaceInternal(key, null, value);
    }

    /** Replaces when present (and equal to {@code expected}, if given): returns the old value, or null if not. */
    private V replaceInternal(K key, V expected, V value) {
        long start = System.nanoTime();
        try {
            backend().checkReachable(name);
            byte[] k = encodeKey(key);
            byte[] bytes = encodeValue(value);
            boolean[] written = {false};
            return readDecideCommit(key, k, slot -> {
                V current = slot.present() ? decodeValue(slot.value()) : null;
                if (current == null) {
                    if (statisticsEnabled) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                if (expected != null && !current.equals(expected)) {
                    touch(k, slot.value());
                    if (statisticsEnabled) {
                        stats.hits(1);
                    }
                    return Decision.<V>done(null);
                }
                if (!written[0]) {
                    integration.write(key, value);
                    written[0] = true;
                }
                return new Decision<>(new Change(k, Expect.VALUE, slot.value(), Op.PUT, bytes, expiry.update()), () -> {
                    if (statisticsEnabled) {
                        stats.hits(1);
                        stats.puts(1);
                    }
                    events.fire(fired(EventType.UPDATED, key, value, current, k, bytes, slot.value()));
                    return current;
                });
            });
        } catch (RuntimeException e) {
            outage(e);
            return null;
        } finally {
            if (statisticsEnabled) {
                stats.putTime(start);
            }
        }
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        removeAllInternal(new LinkedHashSet<>(keys));
    }

    @Override
    public void removeAll() {
        requireOpen();
        Set<K> keys = new LinkedHashSet<>();
        try {
            backend().checkReachable(name);
            String cursor = "0";
            do {
                CacheStore.Page page = store().scan(cursor, SCAN_PAGE);
                for (byte[][] entry : page.entries()) {
                    K key = decodeKey(entry[0]);
                    if (key != null) {
                        keys.add(key);
                    }
                }
                cursor = page.cursor();
            } while (!"0".equals(cursor));
        } catch (RuntimeException e) {
            outage(e);
            return;
        }
        removeAllInternal(keys);
    }

    private void removeAllInternal(Set<K> keys) {
        long start = System.nanoTime();
        Set<K> toRemove = new LinkedHashSet<>(keys);
        CacheWriterException writerFailure = null;
        if (integration.hasWriter() && !toRemove.isEmpty()) {
            Collection<Object> left = new ArrayList<>(toRemove);
            try {
                integration.deleteAll(left);
            } catch (Exception e) {
                writerFailure = integration.writerException(e);
                toRemove.removeAll(left);
            }
        }
        try {
            backend().checkReachable(name);
            List<K> order = new ArrayList<>(toRemove);
            List<byte[]> fields = new ArrayList<>();
            for (K key : order) {
                fields.add(encodeKey(key));
            }
            while (!order.isEmpty()) {
                List<Slot> slots = store().read(fields, CacheStore.KEEP);
                List<Change> changes = new ArrayList<>();
                List<Fired<K, V>> fired = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    Slot slot = slots.get(i);
                    expired(order.get(i), fields.get(i), slot);
                    if (slot.present()) {
                        changes.add(deletion(fields.get(i), slot));
                        V old = decodeValue(slot.value());
                        fired.add(fired(
                                EventType.REMOVED, order.get(i), old, old, fields.get(i), slot.value(), slot.value()));
                    }
                }
                if (commit(changes) < 0) {
                    if (statisticsEnabled) {
                        stats.removals(changes.size());
                    }
                    events.fire(fired);
                    break;
                }
            }
        } catch (RuntimeException e) {
            outage(e);
        } finally {
            if (statisticsEnabled) {
                stats.removeTime(start);
            }
        }
        if (writerFailure != null) {
            throw writerFailure;
        }
    }

    @Override
    public void clear() {
        requireOpen();
        try {
            backend().checkReachable(name);
            clearStore();
            dirty = false;
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    // ---- entry processors -----------------------------------------------------------------------------------------

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(processor, "entryProcessor");
        backend().checkReachable(name);
        try {
            byte[] k = encodeKey(key);
            return readDecideCommit(key, k, slot -> {
                V current = slot.present() ? decodeValue(slot.value()) : null;
                ProcessorEntry<K, V> entry =
                        new ProcessorEntry<>(key, current, readThrough() ? integration::load : null);
                T result;
                try {
                    result = processor.process(entry, arguments);
                } catch (Exception e) {
                    throw e instanceof EntryProcessorException epe
                            ? epe
                            : new EntryProcessorException(
                                    "Cache '" + name + "': entry processor failed for key " + key + ": " + e, e);
                }
                return decideEntry(key, k, slot, current, entry, result);
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        requireOpen();
        requireNoNulls(keys, "keys");
        Objects.requireNonNull(processor, "entryProcessor");
        Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, () -> result);
                }
            } catch (RuntimeException e) {
                EntryProcessorException failure =
                        e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
                results.put(key, () -> {
                    throw failure;
                });
            }
        }
        return results;
    }

    /** Applies what the processor did to the entry; false if the entry changed meanwhile (run the processor again). */
    private <T> Decision<T> decideEntry(K key, byte[] k, Slot slot, V current, ProcessorEntry<K, V> entry, T result) {
        boolean existed = current != null;
        long start = System.nanoTime();
        switch (entry.outcome()) {
            case NONE -> {
                if (existed && entry.accessed()) {
                    touch(k, slot.value());
                }
                if (statisticsEnabled) {
                    if (existed) {
                        stats.hits(1);
                    } else {
                        stats.misses(1);
                    }
                }
                return Decision.done(result);
            }
            case LOADED -> {
                long ttl = expiry.creation();
                byte[] bytes = encodeValue(entry.value());
                Runnable after = () -> {
                    if (statisticsEnabled) {
                        stats.misses(1);
                    }
                    if (ttl != 0) {
                        events.fire(fired(EventType.CREATED, key, entry.value(), null, k, bytes, null));
                    }
                };
                return new Decision<>(ttl == 0 ? null : upsert(k, null, bytes, ttl), () -> {
                    after.run();
                    return result;
                });
            }
            case SET -> {
                checkTypes(key, entry.value());
                integration.write(key, entry.value());
                long ttl = existed ? expiry.update() : expiry.creation();
                byte[] bytes = encodeValue(entry.value());
                Change change = !existed && ttl == 0
                        ? new Change(k, Expect.ABSENT, null, Op.NONE, null, 0)
                        : upsert(k, existed ? slot : null, bytes, ttl);
                return new Decision<>(change, () -> {
                    if (statisticsEnabled) {
                        if (existed) {
                            stats.hits(1);
                        } else {
                            stats.misses(1);
                        }
                        if (existed || ttl != 0) {
                            stats.puts(1);
                            stats.putTime(start);
                        }
                    }
                    if (existed) {
                        events.fire(fired(EventType.UPDATED, key, entry.value(), current, k, bytes, slot.value()));
                    } else if (ttl != 0) {
                        events.fire(fired(EventType.CREATED, key, entry.value(), null, k, bytes, null));
                    }
                    return result;
                });
            }
            case REMOVED -> {
                integration.delete(key);
                return new Decision<>(existed ? deletion(k, slot) : null, () -> {
                    if (existed) {
                        events.fire(fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    }
                    if (statisticsEnabled) {
                        if (existed) {
                            stats.hits(1);
                            stats.removals(1);
                            stats.removeTime(start);
                        } else {
                            stats.misses(1);
                        }
                    }
                    return result;
                });
            }
            default -> throw new IllegalStateException();
        }
    }

    // ---- iteration and listeners ------------------------------------------------------------------------------------

    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        requireOpen();
        return new CacheIterator<>(this);
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        events.register(listenerConfiguration);
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        if (events.deregister(listenerConfiguration)) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Cache '" + name + "' is closed");
        }
        // the backend is bound late (Hibernate creates its regions before the application's Redis client exists)
        long epoch = backend().connectionEpoch();
        if (seenConnectionEpoch < 0) {
            seenConnectionEpoch = epoch;
        } else if (epoch != seenConnectionEpoch && backend().outagePolicy() == CacheBackend.OutagePolicy.BYPASS) {
            seenConnectionEpoch = epoch;
            dirty = true;
        }
        if (dirty) {
            recoverFromOutage();
        }
    }

    /** Writes skipped during an outage may have left stale entries: clear the cache once Redis answers again. */
    private void recoverFromOutage() {
        try {
            backend().checkReachable(name);
            clearStore();
            dirty = false;
            LOG.info("redkit cache '" + name + "': Redis is reachable again; cleared the cache because changes were "
                    + "skipped while it was not");
        } catch (RuntimeException e) {
            if (!backend().bypass(name, e)) {
                throw translate(e);
            }
        }
    }

    /** A failure: thrown (translated) unless the outage policy says carry on without Redis (then: dirty). */
    private void outage(RuntimeException e) {
        if (near != null) {
            near.clearAll(); // changes skipped now, or made elsewhere meanwhile, cannot be heard
        }
        if (!backend().bypass(name, e)) {
            throw translate(e);
        }
        markDirty();
    }

    /** What a write decided after reading an entry: the change to commit (null: none), then its result. */
    private record Decision<T>(Change change, java.util.function.Supplier<T> result) {
        static <T> Decision<T> done(T result) {
            return new Decision<>(null, () -> result);
        }
    }

    /**
     * The one read–decide–commit loop of single-key writes: reads the entry (an entry found expired fires its event),
     * lets {@code decide} choose a change, and commits it only if the entry is still as read; if another thread or
     * node changed it in between, reads and decides again. {@code decide} may therefore run more than once; the
     * result's supplier runs once, after the commit.
     */
    private <T> T readDecideCommit(K key, byte[] k, java.util.function.Function<Slot, Decision<T>> decide) {
        while (true) {
            Slot slot = store().read(k, CacheStore.KEEP);
            expired(key, k, slot);
            Decision<T> decision = decide.apply(slot);
            if (decision.change() == null || commit(decision.change())) {
                return decision.result().get();
            }
        }
    }

    /** The near copy's value for a local key, or null. */
    @SuppressWarnings("unchecked")
    private V nearValue(Object local) {
        return (V) near.get(local);
    }

    /** Commits one change; the near copy drops the entry whatever the outcome. */
    private boolean commit(Change change) {
        try {
            return store().commit(change);
        } finally {
            if (near != null) {
                near.invalidateFields(List.of(change.field()));
            }
        }
    }

    /** Commits changes, all or none: -1, or the index of the change whose expectation failed. */
    private int commit(List<Change> changes) {
        try {
            return store().commit(changes);
        } finally {
            if (near != null && !changes.isEmpty()) {
                List<byte[]> fields = new ArrayList<>(changes.size());
                changes.forEach(c -> fields.add(c.field()));
                near.invalidateFields(fields);
            }
        }
    }

    private void clearStore() {
        try {
            store().clear();
        } finally {
            if (near != null) {
                near.clearAll();
            }
        }
    }

    /** Put {@code bytes}: over the value the slot holds, or, with no slot, only if the key is absent. */
    private static Change upsert(byte[] k, Slot existing, byte[] bytes, long ttl) {
        return existing != null
                ? new Change(k, Expect.VALUE, existing.value(), Op.PUT, bytes, ttl)
                : new Change(k, Expect.ABSENT, null, Op.PUT, bytes, ttl);
    }

    /** Delete the value the slot holds (and only that value). */
    private static Change deletion(byte[] k, Slot slot) {
        return new Change(k, Expect.VALUE, slot.value(), Op.DELETE, null, 0);
    }

    private void markDirty() {
        dirty = true;
    }

    private void touch(byte[] k, byte[] bytes) {
        long ttl = expiry.access();
        if (ttl != CacheStore.KEEP) {
            commit(new Change(k, Expect.VALUE, bytes, Op.TOUCH, null, ttl));
        }
    }

    /** Puts a value that came from the loader: creation expiry, no writer, only if still absent. */
    private void putLoaded(K key, byte[] k, V value) {
        long ttl = expiry.creation();
        if (ttl == 0) {
            return;
        }
        byte[] bytes = encodeValue(value);
        if (commit(upsert(k, null, bytes, ttl))) {
            events.fire(fired(EventType.CREATED, key, value, null, k, bytes, null));
        }
    }

    /** Puts a loaded value over whatever is there (loadAll with replaceExistingValues): no writer. */
    private void putReplacing(K key, V value) {
        byte[] k = encodeKey(key);
        byte[] bytes = encodeValue(value);
        readDecideCommit(key, k, slot -> {
            boolean exists = slot.present();
            long ttl = exists ? expiry.update() : expiry.creation();
            if (!exists && ttl == 0) {
                return Decision.done(null);
            }
            return new Decision<>(upsert(k, exists ? slot : null, bytes, ttl), () -> {
                events.fire(
                        exists
                                ? fired(
                                        EventType.UPDATED,
                                        key,
                                        value,
                                        decodeValue(slot.value()),
                                        k,
                                        bytes,
                                        slot.value())
                                : fired(EventType.CREATED, key, value, null, k, bytes, null));
                return null;
            });
        });
    }

    private void expired(K key, byte[] k, Slot slot) {
        if (slot.state() == CacheStore.EXPIRED && events.active()) {
            V old = decodeValue(slot.value());
            if (old != null) {
                events.fire(fired(EventType.EXPIRED, key, old, old, k, slot.value(), slot.value()));
            }
        }
    }

    private Fired<K, V> fired(
            EventType type, K key, V value, V old, byte[] keyBytes, byte[] valueBytes, byte[] oldBytes) {
        return events.active() ? new Fired<>(type, key, value, old, keyBytes, valueBytes, oldBytes) : null;
    }

    RuntimeException translate(RuntimeException e) {
        if (e instanceof CacheException
                || e instanceof IllegalArgumentException
                || e instanceof NullPointerException
                || e instanceof ClassCastException
                || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException) {
            return e;
        }
        return new CacheException("Cache '" + name + "': " + RedisOutages.describe(e), e);
    }

    private void checkTypes(K key, V value) {
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

    private static void requireNoNulls(Collection<?> items, String what) {
        Objects.requireNonNull(items, what);
        for (Object item : items) {
            Objects.requireNonNull(item, () -> what + " must not contain null");
        }
    }

    byte[] encodeKey(K key) {
        return codec.encode(key, "key");
    }

    private byte[] encodeValue(V value) {
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

    private static final CompletionListener NO_LISTENER = new CompletionListener() {
        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {
            RedisOutages.log(LOG, Level.WARNING, "redkit cache: loadAll failed", e);
        }
    };

    @Override
    public String toString() {
        return "RedkitCache[" + name + " @ " + store().dataKey() + "]";
    }
}
