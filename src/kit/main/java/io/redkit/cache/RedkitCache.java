package io.redkit.cache;

import io.redkit.cache.internal.Unwrap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in Redis; every JVM with a cache of the same name in a manager of the same
 * URI, on the same Redis and key prefix, sees the same entries. Obtain it from {@link RedkitCacheManager} (or {@code
 * cache.unwrap(RedkitCache.class)}) for what plain JCache does not offer: {@link #nearStatistics()}, {@link
 * #statistics()}, {@link #redisKey()}.
 *
 * <p>Thread-safe. Reads are one round trip. Writes read the entry, decide in Java (expiry policy, writer, events,
 * statistics need to know whether the entry existed) and commit with a compare-and-set script, retrying if another
 * thread or node changed the entry in between: every operation, {@link #invoke} included, is atomic per key across
 * JVMs. An entry processor may therefore run more than once under contention; only its last run takes effect. A Redis
 * outage follows {@link CacheSettings.OutagePolicy}; a value that no longer deserializes reads as a miss.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RedkitCache<K, V> implements Cache<K, V> {

    private static final Logger LOG = Logger.getLogger(RedkitCache.class.getName());

    private final RedkitCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final CacheReads<K, V> reads;
    private final SingleKeyWrites<K, V> writes;
    private final BulkWrites<K, V> bulk;
    private final EntryProcessors<K, V> processors;
    private final CacheLoading<K, V> loading;
    private final ScheduledFuture<?> nearCheck;
    private volatile boolean managementEnabled;

    RedkitCache(
            RedkitCacheManager manager,
            String name,
            CompleteConfiguration<K, V> configuration,
            String namespace,
            ExecutorService executor) {
        this.manager = manager;
        this.name = name;
        this.configuration = new MutableConfiguration<>(configuration);
        CacheCodec codec = new CacheCodec(name, manager::backend);
        ExpiryPolicy policy = configuration.getExpiryPolicyFactory() == null
                ? null
                : configuration.getExpiryPolicyFactory().create();
        ExpiryRules expiry = new ExpiryRules(policy == null ? new EternalExpiryPolicy() : policy);
        LoaderWriter<K, V> integration = new LoaderWriter<>(
                name,
                configuration.getCacheLoaderFactory() == null
                        ? null
                        : configuration.getCacheLoaderFactory().create(),
                configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                        ? configuration.getCacheWriterFactory().create()
                        : null);
        CacheEvents<K, V> events = new CacheEvents<>(this);
        NearCache near = nearCache(manager.settings().near(name).orElse(null), expiry, codec);
        this.ctx = new CacheContext<>(
                manager, name, namespace, this.configuration, codec, expiry, integration, events, near);
        this.commits = new EntryCommits<>(ctx);
        this.guard = new CacheGuard(ctx, commits);
        this.reads = new CacheReads<>(ctx, commits, guard);
        this.writes = new SingleKeyWrites<>(ctx, commits, guard);
        this.bulk = new BulkWrites<>(ctx, commits, guard);
        this.processors = new EntryProcessors<>(ctx, commits, guard);
        this.loading = new CacheLoading<>(ctx, commits, guard, executor);
        // the copy above kept the listener configurations; register each once (and keep the copy's list in step)
        List<CacheEntryListenerConfiguration<K, V>> listeners = new ArrayList<>();
        configuration.getCacheEntryListenerConfigurations().forEach(listeners::add);
        for (CacheEntryListenerConfiguration<K, V> listener : listeners) {
            events.register(listener);
        }
        this.managementEnabled = configuration.isManagementEnabled();
        this.nearCheck = near == null ? null : manager.scheduleNearCheck(near::check);
    }

    private NearCache nearCache(CacheSettings.NearSpec spec, ExpiryRules expiry, CacheCodec codec) {
        if (spec == null) {
            return null;
        }
        if (!expiry.accessKnownUpFront() || expiry.access() != CacheStore.KEEP) {
            LOG.info("redkit cache '" + name + "': no near cache, because its expiry policy moves the expiry on "
                    + "reads (a local hit cannot extend a TTL in Redis); " + CacheSettings.nearKey(name)
                    + " is ignored");
            return null;
        }
        return new NearCache(
                name,
                spec,
                configuration.isStoreByValue(),
                codec,
                this::backend,
                () -> store().invalidationChannel(),
                () -> store().sequenceKey());
    }

    /** {@code key} as this cache stores it (for tests). */
    byte[] encodedKey(K key) {
        return ctx.encodeKey(key);
    }

    /** The near copy of this cache in this JVM, if it has one (for tests). */
    NearCache near() {
        return ctx.near();
    }

    /**
     * What this cache's near copy did in this JVM; empty when the cache has none.
     *
     * @return the near cache statistics, or empty
     */
    public Optional<NearCacheStatistics> nearStatistics() {
        NearCache near = ctx.near();
        return near == null ? Optional.empty() : Optional.of(near.statistics());
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
            copy.setStatisticsEnabled(ctx.statisticsEnabled());
            copy.setManagementEnabled(managementEnabled);
            return type.cast(copy);
        }
        throw new IllegalArgumentException("Cache '" + name + "': configuration is a "
                + configuration.getClass().getName() + ", not a " + type.getName());
    }

    @Override
    public boolean isClosed() {
        return guard.isClosed();
    }

    @Override
    public void close() {
        manager.release(this);
    }

    /** Called by the manager: closes the cache's loader, writer, expiry policy and listeners that are Closeable. */
    void closeResources() {
        if (!guard.close()) {
            return;
        }
        ctx.events().close();
        NearCache near = ctx.near();
        if (near != null) {
            nearCheck.cancel(false);
            near.close();
        }
        ctx.integration().close();
        CacheEvents.closeQuietly(ctx.expiry().policy());
    }

    void destroyData() {
        try {
            commits.clearStore();
        } catch (RuntimeException e) {
            if (!backend().bypass(name, e)) {
                throw guard.translate(e);
            }
        }
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "Cache '" + name + "'");
    }

    /**
     * This cache's JCache statistics, also published as its {@code CacheStatisticsMXBean} when statistics are on.
     *
     * @return the live statistics of this cache in this JVM
     */
    public CacheStats statistics() {
        return ctx.stats();
    }

    boolean statisticsEnabled() {
        return ctx.statisticsEnabled();
    }

    boolean managementEnabled() {
        return managementEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        ctx.setStatisticsEnabled(enabled);
        configuration.setStatisticsEnabled(enabled);
    }

    void setManagementEnabled(boolean enabled) {
        managementEnabled = enabled;
        configuration.setManagementEnabled(enabled);
    }

    MutableConfiguration<K, V> liveConfiguration() {
        return configuration;
    }

    CacheBackend backend() {
        return manager.backend();
    }

    CacheStore store() {
        return ctx.store();
    }

    String eventChannel() {
        return store().dataKey().substring(0, store().dataKey().length() - 2) + ":events";
    }

    /**
     * The Redis hash holding this cache's entries (for operators and tests).
     *
     * @return the key of that hash
     */
    public String redisKey() {
        return store().dataKey();
    }

    K decodeKey(byte[] bytes) {
        return ctx.decodeKey(bytes);
    }

    V decodeValue(byte[] bytes) {
        return ctx.decodeValue(bytes);
    }

    // ---- reads (CacheReads) and loading (CacheLoading) --------------------------------------------------------------

    @Override
    public V get(K key) {
        return reads.get(key);
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        return reads.getAll(keys);
    }

    @Override
    public boolean containsKey(K key) {
        return reads.containsKey(key);
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        loading.loadAll(keys, replaceExistingValues, listener);
    }

    // ---- single-key writes (SingleKeyWrites) ------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        writes.put(key, value);
    }

    @Override
    public V getAndPut(K key, V value) {
        return writes.getAndPut(key, value);
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        return writes.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(K key) {
        return writes.remove(key);
    }

    @Override
    public boolean remove(K key, V oldValue) {
        return writes.remove(key, oldValue);
    }

    @Override
    public V getAndRemove(K key) {
        return writes.getAndRemove(key);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return writes.replace(key, oldValue, newValue);
    }

    @Override
    public boolean replace(K key, V value) {
        return writes.replace(key, value);
    }

    @Override
    public V getAndReplace(K key, V value) {
        return writes.getAndReplace(key, value);
    }

    // ---- bulk writes (BulkWrites) -----------------------------------------------------------------------------------

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        bulk.putAll(map);
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        bulk.removeAll(keys);
    }

    @Override
    public void removeAll() {
        bulk.removeAll();
    }

    @Override
    public void clear() {
        bulk.clear();
    }

    // ---- entry processors (EntryProcessors) -------------------------------------------------------------------------

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        return processors.invoke(key, processor, arguments);
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        return processors.invokeAll(keys, processor, arguments);
    }

    // ---- iteration and listeners ------------------------------------------------------------------------------------

    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        guard.requireOpen();
        return new CacheIterator<>(ctx, guard, writes);
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        guard.requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        ctx.events().register(listenerConfiguration);
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        guard.requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        if (ctx.events().deregister(listenerConfiguration)) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    @Override
    public String toString() {
        return "RedkitCache[" + name + " @ " + store().dataKey() + "]";
    }
}
