package io.redkit.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's {@link CacheLoader} and {@link CacheWriter}: the calls to them, with their failures wrapped as the
 * specification says ({@link CacheLoaderException}, {@link CacheWriterException}) and naming the cache.
 */
final class LoaderWriter<K, V> {

    private final String cacheName;
    private final CacheLoader<K, V> loader;
    private final CacheWriter<? super K, ? super V> writer;

    LoaderWriter(String cacheName, CacheLoader<K, V> loader, CacheWriter<? super K, ? super V> writer) {
        this.cacheName = cacheName;
        this.loader = loader;
        this.writer = writer;
    }

    boolean hasLoader() {
        return loader != null;
    }

    boolean hasWriter() {
        return writer != null;
    }

    V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("Cache '" + cacheName + "': loader failed for key " + key + ": " + e, e);
        }
    }

    Map<K, V> loadAll(List<K> keys) {
        try {
            Map<K, V> loaded = loader.loadAll(keys);
            return loaded == null ? Map.of() : loaded;
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException(
                    "Cache '" + cacheName + "': loader failed for " + keys.size() + " keys: " + e, e);
        }
    }

    /** Writes through, if the cache has a writer. */
    void write(K key, V value) {
        if (writer != null) {
            try {
                writer.write(new SimpleEntry<>(key, value));
            } catch (Exception e) {
                throw writerException(e);
            }
        }
    }

    /** The writer removes from {@code entries} what it wrote; what is left was not written. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void writeAll(List<Cache.Entry<? extends K, ? extends V>> entries) {
        ((CacheWriter) writer).writeAll((Collection) entries);
    }

    /** Deletes through, if the cache has a writer. */
    void delete(K key) {
        if (writer != null) {
            try {
                writer.delete(key);
            } catch (Exception e) {
                throw writerException(e);
            }
        }
    }

    /** The writer removes from {@code keys} what it deleted; what is left was not deleted. */
    void deleteAll(Collection<Object> keys) {
        writer.deleteAll(keys);
    }

    CacheWriterException writerException(Exception e) {
        return e instanceof CacheWriterException cwe
                ? cwe
                : new CacheWriterException("Cache '" + cacheName + "': writer failed: " + e, e);
    }

    void close() {
        CacheEvents.closeQuietly(loader);
        CacheEvents.closeQuietly(writer);
    }
}
