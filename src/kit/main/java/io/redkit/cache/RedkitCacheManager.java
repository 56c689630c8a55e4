package io.redkit.cache;

import io.redkit.cache.internal.Unwrap;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A JCache {@link CacheManager} on Redis. Caches are created by name; a cache created with the same name and manager
 * URI on another JVM (same Redis, same key prefix) shares its entries. Configuration is per JVM: every node declares
 * its caches, as it would for any distributed JCache. Thread-safe.
 *
 * <p>In a CDI application, {@code @Inject CacheManager} gives the application's manager (a client proxy); {@link
 * #from(CacheManager)} reaches the redkit manager behind it, where {@code unwrap} would return the proxy:
 *
 * <pre>{@code
 * @Inject CacheManager cacheManager;
 *
 * RedkitCacheManager redkit = RedkitCacheManager.from(cacheManager);
 * long bypassed = redkit.bypassedOperations();
 * RedkitCache<String, Price> prices = redkit.getCache("prices").unwrap(RedkitCache.class);
 * prices.nearStatistics().ifPresent(near -> log(near.hits()));
 * }</pre>
 */
public final class RedkitCacheManager implements CacheManager {

    private final RedkitCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final String namespace;
    private final ConcurrentMap<String, RedkitCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<String>> creationListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private volatile CacheBackend backend;
    private volatile CacheSettings settings;
    private volatile boolean closed;
    private java.util.concurrent.ScheduledExecutorService nearChecks;

    RedkitCacheManager(RedkitCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = properties;
        this.namespace = uri.equals(provider.getDefaultURI()) ? "default" : uri.toString();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "redkit-cache-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs a near cache's periodic check until the returned handle is cancelled or the manager closes. */
    synchronized java.util.concurrent.ScheduledFuture<?> scheduleNearCheck(Runnable check) {
        if (nearChecks == null) {
            nearChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "redkit-near-cache-check");
                thread.setDaemon(true);
                return thread;
            });
        }
        long interval = settings().nearCheckInterval().toMillis();
        return nearChecks.scheduleWithFixedDelay(
                () -> {
                    try {
                        check.run();
                    } catch (RuntimeException e) {
                        io.redkit.redis.RedisOutages.log(
                                java.util.logging.Logger.getLogger(RedkitCacheManager.class.getName()),
                                java.util.logging.Level.FINE,
                                "redkit near cache check failed",
                                e);
                    }
                },
                interval,
                interval,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    /** The Redis side, found on first use: the one bound for this class loader, else one made from properties. */
    CacheBackend backend() {
        CacheBackend current = backend;
        if (current == null) {
            synchronized (this) {
                current = backend;
                if (current == null) {
                    current = provider.backendFor(classLoader, properties, uri, settings());
                    backend = current;
                }
            }
        }
        return current;
    }

    /**
     * Declared caches and cache options, read from configuration (no Redis needed).
     *
     * @return the settings this manager was made with
     */
    public CacheSettings settings() {
        CacheSettings current = settings;
        if (current == null) {
            current = CacheSettings.resolve(classLoader, properties);
            settings = current;
        }
        return current;
    }

    /**
     * The cache an annotation names: existing, else declared in configuration, else created with the default
     * settings if {@value CacheSettings#CREATE_MISSING} is on; otherwise a {@link CacheException} naming it.
     *
     * @param cacheName the cache
     * @return the cache
     * @throws javax.cache.CacheException when the cache is neither declared nor may be created
     */
    public Cache<Object, Object> cacheForAnnotation(String cacheName) {
        Cache<Object, Object> cache = getCache(cacheName);
        if (cache != null) {
            return cache;
        }
        if (settings().createMissing()) {
            try {
                return createCache(cacheName, settings().defaults().configuration());
            } catch (CacheException raced) {
                Cache<Object, Object> other = getCache(cacheName);
                if (other != null) {
                    return other;
                }
                throw raced;
            }
        }
        throw new CacheException("No cache named '" + cacheName + "': declare it (" + CacheSettings.NAMES + "="
                + cacheName + ", optionally redkit.cache." + cacheName + ".expiry=created:10m) or set "
                + CacheSettings.CREATE_MISSING + "=true");
    }

    /**
     * The redkit manager behind a CacheManager reference, e.g. a CDI client proxy (on which {@code unwrap} cannot be
     * used: Weld answers it with the proxy itself). Goes through the provider, which returns the one live instance.
     *
     * @param manager a cache manager made by {@link RedkitCachingProvider}, or a proxy of one
     * @return the live redkit manager
     * @throws IllegalArgumentException when {@code manager} is not redkit's
     */
    public static RedkitCacheManager from(CacheManager manager) {
        if (manager instanceof RedkitCacheManager redkit) {
            return redkit;
        }
        CacheManager real = manager.getCachingProvider().getCacheManager(manager.getURI(), manager.getClassLoader());
        if (real instanceof RedkitCacheManager redkit) {
            return redkit;
        }
        throw new IllegalArgumentException("Not a redkit CacheManager: " + manager.getURI());
    }

    /**
     * Cache operations that skipped Redis because it was unreachable (outage policy bypass), since start.
     *
     * @return the number of operations that bypassed Redis
     */
    public long bypassedOperations() {
        CacheBackend current = backend;
        return current == null ? 0 : current.bypassedOperations();
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        CompleteConfiguration<K, V> complete = complete(configuration);
        if (settings().statistics() && !complete.isStatisticsEnabled()) {
            MutableConfiguration<K, V> withStatistics = new MutableConfiguration<>(complete);
            withStatistics.setStatisticsEnabled(true);
            complete = withStatistics;
        }
        RedkitCache<K, V> created = new RedkitCache<>(this, cacheName, complete, namespace, executor);
        RedkitCache<?, ?> existing = caches.putIfAbsent(cacheName, created);
        if (existing != null) {
            created.closeResources();
            throw new CacheException("Cache '" + cacheName + "' exists already in " + uri);
        }
        if (created.statisticsEnabled()) {
            CacheMBeans.statistics(created, true);
        }
        if (created.managementEnabled()) {
            CacheMBeans.management(created, true);
        }
        creationListeners.forEach(listener -> listener.accept(cacheName));
        return created;
    }

    private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return complete;
        }
        MutableConfiguration<K, V> mutable = new MutableConfiguration<>();
        mutable.setStoreByValue(configuration.isStoreByValue());
        mutable.setTypes(configuration.getKeyType(), configuration.getValueType());
        return mutable;
    }

    @Override
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        RedkitCache<?, ?> cache = caches.get(cacheName);
        if (cache == null) {
            return null;
        }
        Configuration<?, ?> configuration = cache.liveConfiguration();
        if (!keyType.equals(configuration.getKeyType())) {
            throw new ClassCastException("Cache '" + cacheName + "' has key type "
                    + configuration.getKeyType().getName() + ", not " + keyType.getName());
        }
        if (!valueType.equals(configuration.getValueType())) {
            throw new ClassCastException("Cache '" + cacheName + "' has value type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        @SuppressWarnings("unchecked")
        Cache<K, V> typed = (Cache<K, V>) cache;
        return typed;
    }

    /** A cache declared in configuration ({@value CacheSettings#NAMES}) is created on first request. */
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        RedkitCache<?, ?> cache = caches.get(cacheName);
        if (cache == null) {
            CacheSettings.CacheSpec declared = settings().declared().get(cacheName);
            if (declared != null) {
                synchronized (this) {
                    cache = caches.get(cacheName);
                    if (cache == null) {
                        createCache(cacheName, declared.configuration());
                        cache = caches.get(cacheName);
                    }
                }
            }
        }
        return (Cache<K, V>) cache;
    }

    /**
     * Calls {@code listener} with the name of every cache created from now on, and at once with those that exist (e.g.
     * to register metrics for caches made lazily by Hibernate or annotations).
     *
     * @param listener called with each cache name, on the thread that created the cache
     */
    public void onCacheCreated(java.util.function.Consumer<String> listener) {
        creationListeners.add(listener);
        new java.util.ArrayList<>(caches.keySet()).forEach(listener);
    }

    @Override
    public Iterable<String> getCacheNames() {
        requireOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        RedkitCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.destroyData();
            release(cache);
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        requireOpen();
        RedkitCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache != null) {
            cache.setManagementEnabled(enabled);
            CacheMBeans.management(cache, enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        requireOpen();
        RedkitCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
            CacheMBeans.statistics(cache, enabled);
        }
    }

    /** Removes a closed or destroyed cache: its MBeans go, its Closeable loader, writer and listeners are closed. */
    void release(RedkitCache<?, ?> cache) {
        if (caches.remove(cache.getName(), cache)) {
            CacheMBeans.statistics(cache, false);
            CacheMBeans.management(cache, false);
        }
        cache.closeResources();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RedkitCache<?, ?> cache : new ArrayList<>(caches.values())) {
            release(cache);
        }
        executor.shutdown();
        synchronized (this) {
            if (nearChecks != null) {
                nearChecks.shutdownNow();
            }
        }
        provider.release(this);
        CacheBackend current = backend;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "The redkit CacheManager");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("CacheManager " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RedkitCacheManager[" + uri + ", caches=" + caches.keySet() + "]";
    }
}
