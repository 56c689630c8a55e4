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

    private final CacheContext<K, V> ctx;
    private final CacheGuard guard;
    private final SingleKeyWrites<K, V> writes;
    private final List<Cache.Entry<K, V>> buffer = new ArrayList<>();
    private final Set<K> seen = new HashSet<>();
    private String cursor = "0";
    private boolean started;
    private int position;
    private Cache.Entry<K, V> last;

    CacheIterator(CacheContext<K, V> ctx, CacheGuard guard, SingleKeyWrites<K, V> writes) {
        this.ctx = ctx;
        this.guard = guard;
        this.writes = writes;
    }

    @Override
    public boolean hasNext() {
        guard.requireOpen();
        while (position >= buffer.size()) {
            if (started && "0".equals(cursor)) {
                return false;
            }
            started = true;
            buffer.clear();
            position = 0;
            CacheStore.Page page;
            try {
                page = ctx.store().scan(cursor, PAGE);
            } catch (RuntimeException e) {
                throw guard.translate(e);
            }
            cursor = page.cursor();
            for (byte[][] raw : page.entries()) {
                K key = ctx.decodeKey(raw[0]);
                V value = ctx.decodeValue(raw[1]);
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
        long ttl = ctx.expiry().access();
        if (ttl != CacheStore.KEEP) {
            try {
                ctx.store().commit(new Change(ctx.encodeKey(last.getKey()), Expect.ANY, null, Op.TOUCH, null, ttl));
            } catch (RuntimeException e) {
                throw guard.translate(e);
            }
        }
        ctx.hits(1);
        return last;
    }

    @Override
    public void remove() {
        if (last == null) {
            throw new IllegalStateException("next() has not been called, or remove() was called already");
        }
        writes.remove(last.getKey());
        last = null;
    }
}
