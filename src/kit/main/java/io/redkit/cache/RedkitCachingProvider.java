package io.redkit.cache;

import io.redkit.cache.internal.ProviderBindings;
import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.FilteredSerializationCodec;
import io.redkit.redis.internal.RedissonConfigs;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * redkit's JCache provider. Name it explicitly ({@code Caching.getCachingProvider(RedkitCachingProvider.class.getName(),
 * classLoader)}): an application server usually has a provider of its own on the class path.
 *
 * <p>Inside the redkit application the managers use the application's Redis client (bound by CDI at start-up).
 * Anywhere else a manager connects with these properties, taken from the manager's properties, else system
 * properties: {@value #ADDRESS} (or {@code redkit.redis.config}, a Redisson YAML), {@value #KEY_PREFIX}, {@value #CODEC_ALLOW}, and the {@link CacheSettings}
 * keys.
 */
public final class RedkitCachingProvider implements CachingProvider {

    /** Property {@value}: the Redis address, when no application binds a client. */
    public static final String ADDRESS = RedisSettings.ADDRESS;
    /** Property {@value}: the key prefix, when no application binds a client. */
    public static final String KEY_PREFIX = RedisSettings.KEY_PREFIX;
    /** Property {@value}: the codec allowlist, when no application binds a client. */
    public static final String CODEC_ALLOW = RedisSettings.CODEC_ALLOW;

    private static final URI DEFAULT_URI = URI.create("redkit:default");

    /** Clients made from properties, shared by address and counted, so many managers do not mean many pools. */
    private static final Map<String, SharedClient> OWN_CLIENTS = new HashMap<>();

    private final Map<ClassLoader, Map<URI, RedkitCacheManager>> managers = new WeakHashMap<>();

    @Override
    public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, RedkitCacheManager> byUri = managers.computeIfAbsent(loader, ignored -> new HashMap<>());
        RedkitCacheManager manager = byUri.get(managerUri);
        if (manager == null || manager.isClosed()) {
            Properties copy = new Properties();
            if (properties != null) {
                copy.putAll(properties);
            }
            manager = new RedkitCacheManager(this, managerUri, loader, copy);
            byUri.put(managerUri, manager);
        }
        return manager;
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public void close() {
        for (RedkitCacheManager manager : snapshot(null, null)) {
            manager.close();
        }
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        for (RedkitCacheManager manager : snapshot(loader, null)) {
            manager.close();
        }
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        URI managerUri = uri == null ? getDefaultURI() : uri;
        for (RedkitCacheManager manager : snapshot(loader, managerUri)) {
            manager.close();
        }
    }

    private synchronized List<RedkitCacheManager> snapshot(ClassLoader loader, URI uri) {
        List<RedkitCacheManager> found = new ArrayList<>();
        managers.forEach((l, byUri) -> {
            if (loader == null || loader == l) {
                byUri.forEach((u, m) -> {
                    if (uri == null || uri.equals(u)) {
                        found.add(m);
                    }
                });
            }
        });
        return found;
    }

    synchronized void release(RedkitCacheManager manager) {
        Map<URI, RedkitCacheManager> byUri = managers.get(manager.getClassLoader());
        if (byUri != null) {
            byUri.remove(manager.getURI(), manager);
            if (byUri.isEmpty()) {
                managers.remove(manager.getClassLoader());
            }
        }
    }

    @Override
    public boolean isSupported(OptionalFeature feature) {
        // entries live in Redis: always stored by value
        return false;
    }

    // ---- the Redis side ---------------------------------------------------------------------------------------------

    CacheBackend backendFor(ClassLoader classLoader, Properties properties, URI uri, CacheSettings settings) {
        Supplier<ProviderBindings.Binding> bound = ProviderBindings.find(classLoader);
        if (bound != null) {
            ProviderBindings.Binding binding = bound.get();
            return new CacheBackend(
                    binding.redisson(),
                    binding.keyPrefix(),
                    binding.codec(),
                    settings.outagePolicy(),
                    settings.outageRetry(),
                    null);
        }
        String address = setting(properties, ADDRESS, null);
        String configFile = setting(properties, RedisSettings.CONFIG, null);
        if (address == null && configFile == null) {
            throw new CacheException("CacheManager " + uri + ": no Redis for its caches. Inside the redkit application "
                    + "the application's client is used once it has started; elsewhere set " + ADDRESS
                    + " (e.g. redis://localhost:6379) or " + RedisSettings.CONFIG + " (a Redisson YAML: Cluster,"
                    + " Sentinel) in the manager's properties or as a system property");
        }
        String clientKey = address != null ? address : "config:" + configFile;
        // the same validated settings and client configuration (retries, reconnection, timeouts) as the application
        RedisSettings redis =
                RedisSettings.from(ConfigReader.of(key -> Optional.ofNullable(setting(properties, key, null))));
        RedissonClient client = acquire(clientKey, redis, classLoader);
        return new CacheBackend(
                client,
                redis.keyPrefix(),
                new FilteredSerializationCodec(classLoader, redis.codecFilter(), redis.codecLimits()),
                settings.outagePolicy(),
                settings.outageRetry(),
                () -> releaseClient(clientKey));
    }

    private static String setting(Properties properties, String key, String fallback) {
        String value = properties == null ? null : properties.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getProperty(key);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static RedissonClient acquire(String address, RedisSettings settings, ClassLoader classLoader) {
        synchronized (OWN_CLIENTS) {
            SharedClient shared = OWN_CLIENTS.get(address);
            if (shared == null || shared.client.isShutdown()) {
                shared = new SharedClient(Redisson.create(RedissonConfigs.create(settings, null, classLoader)));
                OWN_CLIENTS.put(address, shared);
            }
            shared.references++;
            return shared.client;
        }
    }

    private static void releaseClient(String address) {
        synchronized (OWN_CLIENTS) {
            SharedClient shared = OWN_CLIENTS.get(address);
            if (shared != null && --shared.references <= 0) {
                OWN_CLIENTS.remove(address);
                shared.client.shutdown();
            }
        }
    }

    private static final class SharedClient {
        final RedissonClient client;
        int references;

        SharedClient(RedissonClient client) {
            this.client = client;
        }
    }
}
