package io.redkit.cache;

import io.redkit.cache.CacheStore.Slot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A cache's reads ({@code get}, {@code getAll}, {@code containsKey}): the near copy first, if the cache has one, then
 * Redis in one round trip, the near copy filled under a reservation so that an invalidation heard meanwhile wins; a
 * miss loads through, if the cache reads through.
 */
final class CacheReads<K, V> {

    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final NearCache near;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheStats stats;

    CacheReads(CacheContext<K, V> ctx, EntryCommits<K, V> commits, CacheGuard guard) {
        this.ctx = ctx;
        this.commits = commits;
        this.guard = guard;
        this.near = ctx.near();
        this.expiry = ctx.expiry();
        this.integration = ctx.integration();
        this.stats = ctx.stats();
    }

    V get(K key) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        V value = null;
        try {
            ctx.backend().checkReachable(ctx.name());
            Object local = null;
            byte[] k = null;
            if (near != null && near.active()) {
                // a key held by its bytes is serialized once, for the local lookup and for Redis
                k = NearCache.heldByValue(key) ? null : ctx.encodeKey(key);
                local = k == null ? key : near.localKey(key, k);
                value = ctx.nearValue(local);
                if (value != null) {
                    if (ctx.statisticsEnabled()) {
                        stats.hits(1);
                    }
                    return value;
                }
            }
            if (k == null) {
                k = ctx.encodeKey(key);
            }
            NearCache.Reservation reservation = local == null ? null : near.reserve(local);
            Slot slot;
            try {
                CacheStore.Read read = ctx.store()
                        .readWithSequence(List.of(k), expiry.accessKnownUpFront() ? expiry.access() : CacheStore.KEEP);
                slot = read.slots().get(0);
                value = slot.present() ? ctx.decodeValue(slot.value()) : null;
                if (local != null) {
                    near.fill(local, reservation, value, slot.value(), slot.remainingMillis(), read.sequence());
                }
            } finally {
                if (local != null) {
                    near.release(local, reservation);
                }
            }
            ctx.expired(key, k, slot);
            if (value != null) {
                if (!expiry.accessKnownUpFront()) {
                    commits.touch(k, slot.value());
                }
                if (ctx.statisticsEnabled()) {
                    stats.hits(1);
                }
                return value;
            }
            if (ctx.statisticsEnabled()) {
                stats.misses(1);
            }
            if (ctx.readThrough()) {
                value = integration.load(key);
                if (value != null) {
                    commits.putLoaded(key, k, value);
                }
            }
            return value;
        } catch (RuntimeException e) {
            guard.outage(e);
            if (ctx.statisticsEnabled()) {
                stats.misses(1);
            }
            return ctx.readThrough() ? integration.load(key) : null;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.getTime(start);
            }
        }
    }

    Map<K, V> getAll(Set<? extends K> keys) {
        guard.requireOpen();
        CacheContext.requireNoNulls(keys, "keys");
        long start = System.nanoTime();
        Map<K, V> result = new LinkedHashMap<>();
        List<K> order = new ArrayList<>(keys);
        try {
            ctx.backend().checkReachable(ctx.name());
            boolean useNear = near != null && near.active();
            int localHits = 0;
            List<byte[]> fields = new ArrayList<>(order.size());
            List<Object> locals = new ArrayList<>();
            if (useNear) {
                // each key serialized at most once: for its local lookup (if held by bytes) and for Redis
                for (Iterator<K> it = order.iterator(); it.hasNext(); ) {
                    K key = it.next();
                    byte[] k = NearCache.heldByValue(key) ? null : ctx.encodeKey(key);
                    Object local = k == null ? key : near.localKey(key, k);
                    V value = ctx.nearValue(local);
                    if (value != null) {
                        result.put(key, value);
                        it.remove();
                        localHits++;
                    } else {
                        fields.add(k != null ? k : ctx.encodeKey(key));
                        locals.add(local);
                    }
                }
            } else {
                for (K key : order) {
                    fields.add(ctx.encodeKey(key));
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
                        : ctx.store()
                                .readWithSequence(
                                        fields, expiry.accessKnownUpFront() ? expiry.access() : CacheStore.KEEP);
                slots = read.slots();
                if (useNear) {
                    for (int i = 0; i < order.size(); i++) {
                        Slot slot = slots.get(i);
                        near.fill(
                                locals.get(i),
                                reservations.get(i),
                                slot.present() ? ctx.decodeValue(slot.value()) : null,
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
            if (ctx.statisticsEnabled()) {
                stats.hits(localHits);
            }
            List<K> missing = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                Slot slot = slots.get(i);
                ctx.expired(order.get(i), fields.get(i), slot);
                V value = slot.present() ? ctx.decodeValue(slot.value()) : null;
                if (value != null) {
                    result.put(order.get(i), value);
                    if (!expiry.accessKnownUpFront()) {
                        commits.touch(fields.get(i), slot.value());
                    }
                } else {
                    missing.add(order.get(i));
                }
            }
            if (ctx.statisticsEnabled()) {
                stats.hits(result.size() - localHits);
                stats.misses(missing.size());
            }
            if (!missing.isEmpty() && ctx.readThrough()) {
                Map<K, V> loaded = integration.loadAll(missing);
                for (Map.Entry<K, V> entry : loaded.entrySet()) {
                    if (entry.getKey() != null && entry.getValue() != null) {
                        commits.putLoaded(entry.getKey(), ctx.encodeKey(entry.getKey()), entry.getValue());
                        result.put(entry.getKey(), entry.getValue());
                    }
                }
            }
            return result;
        } catch (RuntimeException e) {
            guard.outage(e);
            if (ctx.statisticsEnabled()) {
                stats.misses(order.size());
            }
            if (ctx.readThrough()) {
                integration.loadAll(order).forEach((k, v) -> {
                    if (k != null && v != null) {
                        result.put(k, v);
                    }
                });
            }
            return result;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.getTime(start);
            }
        }
    }

    boolean containsKey(K key) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        try {
            ctx.backend().checkReachable(ctx.name());
            if (near != null && near.active() && ctx.nearValue(near.localKey(key)) != null) {
                return true;
            }
            byte[] k = ctx.encodeKey(key);
            Slot slot = ctx.store().read(k, CacheStore.KEEP);
            ctx.expired(key, k, slot);
            return slot.present();
        } catch (RuntimeException e) {
            guard.outage(e);
            return false;
        }
    }
}
