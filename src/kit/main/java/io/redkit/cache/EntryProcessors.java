package io.redkit.cache;

import static io.redkit.cache.EntryCommits.deletion;
import static io.redkit.cache.EntryCommits.upsert;

import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Expect;
import io.redkit.cache.CacheStore.Op;
import io.redkit.cache.CacheStore.Slot;
import io.redkit.cache.EntryCommits.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.event.EventType;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A cache's {@code invoke} and {@code invokeAll}: the processor runs on a {@link ProcessorEntry} inside the
 * read–decide–commit loop, so it may run more than once under contention; only its last run takes effect.
 */
final class EntryProcessors<K, V> {

    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;
    private final CacheStats stats;

    EntryProcessors(CacheContext<K, V> ctx, EntryCommits<K, V> commits, CacheGuard guard) {
        this.ctx = ctx;
        this.commits = commits;
        this.guard = guard;
        this.expiry = ctx.expiry();
        this.integration = ctx.integration();
        this.events = ctx.events();
        this.stats = ctx.stats();
    }

    <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        guard.requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(processor, "entryProcessor");
        ctx.backend().checkReachable(ctx.name());
        try {
            byte[] k = ctx.encodeKey(key);
            return commits.readDecideCommit(key, k, slot -> {
                V current = slot.present() ? ctx.decodeValue(slot.value()) : null;
                ProcessorEntry<K, V> entry =
                        new ProcessorEntry<>(key, current, ctx.readThrough() ? integration::load : null);
                T result;
                try {
                    result = processor.process(entry, arguments);
                } catch (Exception e) {
                    throw e instanceof EntryProcessorException epe
                            ? epe
                            : new EntryProcessorException(
                                    "Cache '" + ctx.name() + "': entry processor failed for key " + key + ": " + e, e);
                }
                return decideEntry(key, k, slot, current, entry, result);
            });
        } catch (RuntimeException e) {
            throw guard.translate(e);
        }
    }

    <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        guard.requireOpen();
        CacheContext.requireNoNulls(keys, "keys");
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
                    commits.touch(k, slot.value());
                }
                if (ctx.statisticsEnabled()) {
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
                byte[] bytes = ctx.encodeValue(entry.value());
                Runnable after = () -> {
                    if (ctx.statisticsEnabled()) {
                        stats.misses(1);
                    }
                    if (ttl != 0) {
                        events.fire(ctx.fired(EventType.CREATED, key, entry.value(), null, k, bytes, null));
                    }
                };
                return new Decision<>(ttl == 0 ? null : upsert(k, null, bytes, ttl), () -> {
                    after.run();
                    return result;
                });
            }
            case SET -> {
                ctx.checkTypes(key, entry.value());
                integration.write(key, entry.value());
                long ttl = existed ? expiry.update() : expiry.creation();
                byte[] bytes = ctx.encodeValue(entry.value());
                Change change = !existed && ttl == 0
                        ? new Change(k, Expect.ABSENT, null, Op.NONE, null, 0)
                        : upsert(k, existed ? slot : null, bytes, ttl);
                return new Decision<>(change, () -> {
                    if (ctx.statisticsEnabled()) {
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
                        events.fire(ctx.fired(EventType.UPDATED, key, entry.value(), current, k, bytes, slot.value()));
                    } else if (ttl != 0) {
                        events.fire(ctx.fired(EventType.CREATED, key, entry.value(), null, k, bytes, null));
                    }
                    return result;
                });
            }
            case REMOVED -> {
                integration.delete(key);
                return new Decision<>(existed ? deletion(k, slot) : null, () -> {
                    if (existed) {
                        events.fire(ctx.fired(EventType.REMOVED, key, current, current, k, slot.value(), slot.value()));
                    }
                    if (ctx.statisticsEnabled()) {
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
}
