package io.redkit.cache;

import static io.redkit.cache.EntryCommits.deletion;
import static io.redkit.cache.EntryCommits.upsert;

import io.redkit.cache.CacheEvents.Fired;
import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Slot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's writes of many entries ({@code putAll}, {@code removeAll}, {@code clear}): the writer is called once for
 * all of them, then their changes are committed all or none, read and decided again if any entry changed meanwhile;
 * {@code clear} empties the cache without the writer, events or statistics.
 */
final class BulkWrites<K, V> {

    private static final int SCAN_PAGE = 256;

    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;
    private final CacheStats stats;

    BulkWrites(CacheContext<K, V> ctx, EntryCommits<K, V> commits, CacheGuard guard) {
        this.ctx = ctx;
        this.commits = commits;
        this.guard = guard;
        this.expiry = ctx.expiry();
        this.integration = ctx.integration();
        this.events = ctx.events();
        this.stats = ctx.stats();
    }

    void putAll(Map<? extends K, ? extends V> map) {
        guard.requireOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            ctx.checkTypes(entry.getKey(), entry.getValue());
        }
        long start = System.nanoTime();
        Map<K, V> toPut = new LinkedHashMap<>(map);
        CacheWriterException writerFailure = null;
        boolean written = false;
        try {
            ctx.backend().checkReachable(ctx.name());
            Map<K, byte[]> keyBytes = new HashMap<>();
            Map<K, byte[]> valueBytes = new HashMap<>();
            for (Map.Entry<K, V> entry : toPut.entrySet()) {
                keyBytes.put(entry.getKey(), ctx.encodeKey(entry.getKey()));
                valueBytes.put(entry.getKey(), ctx.encodeValue(entry.getValue()));
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
                List<Slot> slots = ctx.store().read(fields, CacheStore.KEEP);
                List<Change> changes = new ArrayList<>();
                List<Fired<K, V>> fired = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    K key = order.get(i);
                    Slot slot = slots.get(i);
                    ctx.expired(key, fields.get(i), slot);
                    boolean exists = slot.present();
                    long ttl = exists ? expiry.update() : expiry.creation();
                    if (!exists && ttl == 0) {
                        continue;
                    }
                    byte[] bytes = valueBytes.get(key);
                    changes.add(upsert(fields.get(i), exists ? slot : null, bytes, ttl));
                    fired.add(
                            exists
                                    ? ctx.fired(
                                            EventType.UPDATED,
                                            key,
                                            toPut.get(key),
                                            ctx.decodeValue(slot.value()),
                                            fields.get(i),
                                            bytes,
                                            slot.value())
                                    : ctx.fired(
                                            EventType.CREATED, key, toPut.get(key), null, fields.get(i), bytes, null));
                }
                if (commits.commit(changes) < 0) {
                    if (ctx.statisticsEnabled()) {
                        stats.puts(changes.size());
                    }
                    events.fire(fired);
                    break;
                }
            }
        } catch (RuntimeException e) {
            guard.outage(e);
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
            if (ctx.statisticsEnabled()) {
                stats.putTime(start);
            }
        }
        if (writerFailure != null) {
            throw writerFailure;
        }
    }

    void removeAll(Set<? extends K> keys) {
        guard.requireOpen();
        CacheContext.requireNoNulls(keys, "keys");
        removeAllInternal(new LinkedHashSet<>(keys));
    }

    void removeAll() {
        guard.requireOpen();
        Set<K> keys = new LinkedHashSet<>();
        try {
            ctx.backend().checkReachable(ctx.name());
            String cursor = "0";
            do {
                CacheStore.Page page = ctx.store().scan(cursor, SCAN_PAGE);
                for (byte[][] entry : page.entries()) {
                    K key = ctx.decodeKey(entry[0]);
                    if (key != null) {
                        keys.add(key);
                    }
                }
                cursor = page.cursor();
            } while (!"0".equals(cursor));
        } catch (RuntimeException e) {
            guard.outage(e);
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
            ctx.backend().checkReachable(ctx.name());
            List<K> order = new ArrayList<>(toRemove);
            List<byte[]> fields = new ArrayList<>();
            for (K key : order) {
                fields.add(ctx.encodeKey(key));
            }
            while (!order.isEmpty()) {
                List<Slot> slots = ctx.store().read(fields, CacheStore.KEEP);
                List<Change> changes = new ArrayList<>();
                List<Fired<K, V>> fired = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    Slot slot = slots.get(i);
                    ctx.expired(order.get(i), fields.get(i), slot);
                    if (slot.present()) {
                        changes.add(deletion(fields.get(i), slot));
                        V old = ctx.decodeValue(slot.value());
                        fired.add(ctx.fired(
                                EventType.REMOVED, order.get(i), old, old, fields.get(i), slot.value(), slot.value()));
                    }
                }
                if (commits.commit(changes) < 0) {
                    if (ctx.statisticsEnabled()) {
                        stats.removals(changes.size());
                    }
                    events.fire(fired);
                    break;
                }
            }
        } catch (RuntimeException e) {
            guard.outage(e);
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.removeTime(start);
            }
        }
        if (writerFailure != null) {
            throw writerFailure;
        }
    }

    void clear() {
        guard.requireOpen();
        try {
            ctx.backend().checkReachable(ctx.name());
            commits.clearStore();
            guard.cleared();
        } catch (RuntimeException e) {
            guard.outage(e);
        }
    }
}
