package io.redkit.cache;

import static io.redkit.cache.EntryCommits.deletion;
import static io.redkit.cache.EntryCommits.upsert;

import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Expect;
import io.redkit.cache.CacheStore.Op;
import io.redkit.cache.EntryCommits.Decision;
import java.util.Objects;
import javax.cache.event.EventType;

/**
 * A cache's single-key writes ({@code put}, {@code putIfAbsent}, {@code remove}, {@code replace} and their
 * {@code getAnd...} forms), each one pass of the read–decide–commit loop: the writer is called once, and the
 * statistics and events follow the outcome that was committed.
 */
final class SingleKeyWrites<K, V> {

    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;
    private final CacheStats stats;

    SingleKeyWrites(CacheContext<K, V> ctx, EntryCommits<K, V> commits, CacheGuard guard) {
        this.ctx = ctx;
        this.commits = commits;
        this.guard = guard;
        this.expiry = ctx.expiry();
        this.integration = ctx.integration();
        this.events = ctx.events();
        this.stats = ctx.stats();
    }

    void put(K key, V value) {
        putInternal(key, value, false);
    }

    V getAndPut(K key, V value) {
        return putInternal(key, value, true);
    }

    private V putInternal(K key, V value, boolean returnOld) {
        guard.requireOpen();
        ctx.checkTypes(key, value);
        long start = System.nanoTime();
        boolean[] written = {false};
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            byte[] bytes = ctx.encodeValue(value);
            if (!returnOld && !events.active() && expiry.writeTtlsKnownUpFront() && expiry.creation() != 0) {
                // nothing needs the entry as it was (no old value, no listener, no policy to ask): one round trip
                integration.write(key, value);
                written[0] = true;
                commits.commit(CacheStore.upsertEither(k, bytes, expiry.creation(), expiry.update()));
                if (ctx.statisticsEnabled()) {
                    stats.puts(1);
                }
                return null;
            }
            return commits.readDecideCommit(key, k, slot -> {
                boolean exists = slot.present();
                if (!written[0]) {
                    integration.write(key, value);
                    written[0] = true;
                }
                long ttl = exists ? expiry.update() : expiry.creation();
                if (!exists && ttl == 0) {
                    if (returnOld && ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                return new Decision<>(upsert(k, exists ? slot : null, bytes, ttl), () -> {
                    V old = exists ? ctx.decodeValue(slot.value()) : null;
                    if (ctx.statisticsEnabled()) {
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
                                    ? ctx.fired(EventType.UPDATED, key, value, old, k, bytes, slot.value())
                                    : ctx.fired(EventType.CREATED, key, value, null, k, bytes, null));
                    return old;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            if (!written[0]) {
                integration.write(key, value);
            }
            return null;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.putTime(start);
            }
        }
    }

    boolean putIfAbsent(K key, V value) {
        guard.requireOpen();
        ctx.checkTypes(key, value);
        long start = System.nanoTime();
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            byte[] bytes = ctx.encodeValue(value);
            boolean[] written = {false};
            return commits.readDecideCommit(key, k, slot -> {
                if (slot.present()) {
                    if (ctx.statisticsEnabled()) {
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
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    return Decision.done(true);
                }
                return new Decision<>(upsert(k, null, bytes, ttl), () -> {
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                        stats.puts(1);
                    }
                    events.fire(ctx.fired(EventType.CREATED, key, value, null, k, bytes, null));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            return false;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.putTime(start);
            }
        }
    }

    boolean remove(K key) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        boolean[] deleted = {false};
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            return commits.readDecideCommit(key, k, slot -> {
                if (!deleted[0]) {
                    integration.delete(key);
                    deleted[0] = true;
                }
                if (!slot.present()) {
                    return Decision.done(false);
                }
                return new Decision<>(deletion(k, slot), () -> {
                    if (ctx.statisticsEnabled()) {
                        stats.removals(1);
                    }
                    V old = ctx.decodeValue(slot.value());
                    events.fire(ctx.fired(EventType.REMOVED, key, old, old, k, slot.value(), slot.value()));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            if (!deleted[0]) {
                integration.delete(key);
            }
            return false;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.removeTime(start);
            }
        }
    }

    boolean remove(K key, V oldValue) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = System.nanoTime();
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            return commits.readDecideCommit(key, k, slot -> {
                V current = slot.present() ? ctx.decodeValue(slot.value()) : null;
                if (current == null) {
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    return Decision.done(false);
                }
                if (!current.equals(oldValue)) {
                    commits.touch(k, slot.value());
                    if (ctx.statisticsEnabled()) {
                        stats.hits(1);
                    }
                    return Decision.done(false);
                }
                integration.delete(key);
                return new Decision<>(deletion(k, slot), () -> {
                    if (ctx.statisticsEnabled()) {
                        stats.hits(1);
                        stats.removals(1);
                    }
                    events.fire(ctx.fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    return true;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            return false;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.removeTime(start);
            }
        }
    }

    V getAndRemove(K key) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        boolean[] deleted = {false};
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            return commits.readDecideCommit(key, k, slot -> {
                if (!deleted[0]) {
                    integration.delete(key);
                    deleted[0] = true;
                }
                if (!slot.present()) {
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                V current = ctx.decodeValue(slot.value());
                return new Decision<>(deletion(k, slot), () -> {
                    if (ctx.statisticsEnabled()) {
                        if (current != null) {
                            stats.hits(1);
                        } else {
                            stats.misses(1);
                        }
                        stats.removals(1);
                    }
                    events.fire(ctx.fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    return current;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            if (!deleted[0]) {
                integration.delete(key);
            }
            return null;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.removeTime(start);
                stats.getTime(start);
            }
        }
    }

    boolean replace(K key, V oldValue, V newValue) {
        guard.requireOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        ctx.checkTypes(key, newValue);
        return replaceInternal(key, oldValue, newValue) != null;
    }

    boolean replace(K key, V value) {
        guard.requireOpen();
        ctx.checkTypes(key, value);
        return replaceInternal(key, null, value) != null;
    }

    V getAndReplace(K key, V value) {
        guard.requireOpen();
        ctx.checkTypes(key, value);
        return replaceInternal(key, null, value);
    }

    /** Replaces when present (and equal to {@code expected}, if given): returns the old value, or null if not. */
    private V replaceInternal(K key, V expected, V value) {
        long start = System.nanoTime();
        try {
            ctx.backend().checkReachable(ctx.name());
            byte[] k = ctx.encodeKey(key);
            byte[] bytes = ctx.encodeValue(value);
            boolean[] written = {false};
            return commits.readDecideCommit(key, k, slot -> {
                V current = slot.present() ? ctx.decodeValue(slot.value()) : null;
                if (current == null) {
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    return Decision.<V>done(null);
                }
                if (expected != null && !current.equals(expected)) {
                    commits.touch(k, slot.value());
                    if (ctx.statisticsEnabled()) {
                        stats.hits(1);
                    }
                    return Decision.<V>done(null);
                }
                if (!written[0]) {
                    integration.write(key, value);
                    written[0] = true;
                }
                return new Decision<>(new Change(k, Expect.VALUE, slot.value(), Op.PUT, bytes, expiry.update()), () -> {
                    if (ctx.statisticsEnabled()) {
                        stats.hits(1);
                        stats.puts(1);
                    }
                    events.fire(ctx.fired(EventType.UPDATED, key, value, current, k, bytes, slot.value()));
                    return current;
                });
            });
        } catch (RuntimeException e) {
            guard.outage(e);
            return null;
        } finally {
            if (ctx.statisticsEnabled()) {
                stats.putTime(start);
            }
        }
    }
}
