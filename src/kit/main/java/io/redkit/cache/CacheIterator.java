package io.redkit.cache;

import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Expect;
import io.redkit.cache.CacheStore.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.cache.Cache;

/**
 * Iterates a cache page by page ({@code HSCAN} in a script that skips expired entries); each entry returned counts
 * as an access (expiry policy, statistics). Entries added during the iteration may or may not be seen.
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

    private static final int PAGE = 256;

    private final RedkitCache<K, V> cache;
    private final List<Cache.Entry<K, V>> buffer = new ArrayList<>();
    private final Set<K> seen = new HashSet<>();
    private String cursor = "0";
    private boolean started;
    private int position;
    private Cache.Entry<K, V> last;

    CacheIterator(RedkitCache<K, V> cache) {
        this.cache = cache;
    }

    @Override
    public boolean hasNext() {
        cache.requireOpen();
        while (position >= buffer.size()) {
            if (started && "0".equals(cursor)) {
                return false;
            }
            started = true;
            buffer.clear();
            position = 0;
            CacheStore.Page page;
            try {
                page = cache.store().scan(cursor, PAGE);
            } catch (RuntimeException e) {
                throw cache.translate(e);
            }
            cursor = page.cursor();
            for (byte[][] raw : page.entries()) {
                K key = cache.decodeKey(raw[0]);
                V value = cache.decodeValue(raw[1]);
                // HSCAN may return an entry twice when the hash is rehashed during the scan
                if (key != null && value != null && seen.add(key)) {
                    buffer.add(new SimpleEntry<>(key, value));
                }
            }
        }
        return true;
    }

    @Override
    public Cache.Entry<K, V> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        last = buffer.get(position++);
        long ttl = cache.expiry().access();
        if (ttl != CacheStore.KEEP) {
            try {
                cache.store().commit(new Change(cache.encodeKey(last.getKey()), Expect.ANY, null, Op.TOUCH, null, ttl));
            } catch (RuntimeException e) {
                throw cache.translate(e);
            }
        }
        cache.hits(1);
        return last;
    }

    @Override
    public void remove() {
        if (last == null) {
            throw new IllegalStateException("next() has not been called, or remove() was called already");
        }
        cache.remove(last.getKey());
        last = null;
    }
}
