package io.redkit.cache;

import static io.redkit.cache.EntryCommits.upsert;

import io.redkit.cache.CacheStore.Slot;
import io.redkit.cache.EntryCommits.Decision;
import io.redkit.redis.RedisOutages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.event.EventType;
import javax.cache.integration.CompletionListener;

/**
 * A cache's {@code loadAll}: the loader runs on the manager's executor and its values are put without the writer,
 * only where absent or over whatever is there, as the caller asked.
 */
final class CacheLoading<K, V> {

    /** Logs under the cache's own category, io.redkit.cache.RedkitCache, with its other lines. */
    private static final Logger LOG = Logger.getLogger(RedkitCache.class.getName());

    private static final CompletionListener NO_LISTENER = new CompletionListener() {
        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {
            RedisOutages.log(LOG, Level.WARNING, "redkit cache: loadAll failed", e);
        }
    };

    private final CacheContext<K, V> ctx;
    private final EntryCommits<K, V> commits;
    private final CacheGuard guard;
    private final ExecutorService executor;
    private final ExpiryRules expiry;
    private final LoaderWriter<K, V> integration;
    private final CacheEvents<K, V> events;

    CacheLoading(CacheContext<K, V> ctx, EntryCommits<K, V> commits, CacheGuard guard, ExecutorService executor) {
        this.ctx = ctx;
        this.commits = commits;
        this.guard = guard;
        this.executor = executor;
        this.expiry = ctx.expiry();
        this.integration = ctx.integration();
        this.events = ctx.events();
    }

    void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        guard.requireOpen();
        CacheContext.requireNoNulls(keys, "keys");
        CompletionListener done = listener == null ? NO_LISTENER : listener;
        if (!integration.hasLoader()) {
            done.onCompletion();
            return;
        }
        List<K> requested = new ArrayList<>(keys);
        executor.execute(() -> {
            try {
                List<K> toLoad = requested;
                if (!replaceExistingValues) {
                    toLoad = new ArrayList<>();
                    List<byte[]> fields = new ArrayList<>();
                    for (K key : requested) {
                        fields.add(ctx.encodeKey(key));
                    }
                    List<Slot> slots = ctx.store().read(fields, CacheStore.KEEP);
                    for (int i = 0; i < requested.size(); i++) {
                        if (!slots.get(i).present()) {
                            toLoad.add(requested.get(i));
                        }
                    }
                }
                if (!toLoad.isEmpty()) {
                    Map<K, V> loaded = integration.loadAll(toLoad);
                    for (Map.Entry<K, V> entry : loaded.entrySet()) {
                        if (entry.getKey() != null && entry.getValue() != null) {
                            if (replaceExistingValues) {
                                putReplacing(entry.getKey(), entry.getValue());
                            } else {
                                commits.putLoaded(entry.getKey(), ctx.encodeKey(entry.getKey()), entry.getValue());
                            }
                        }
                    }
                }
                done.onCompletion();
            } catch (Exception e) {
                done.onException(e instanceof RuntimeException re ? guard.translate(re) : e);
            }
        });
    }

    /** Puts a loaded value over whatever is there (loadAll with replaceExistingValues): no writer. */
    private void putReplacing(K key, V value) {
        byte[] k = ctx.encodeKey(key);
        byte[] bytes = ctx.encodeValue(value);
        commits.readDecideCommit(key, k, slot -> {
            boolean exists = slot.present();
            long ttl = exists ? expiry.update() : expiry.creation();
            if (!exists && ttl == 0) {
                return Decision.done(null);
            }
            return new Decision<>(upsert(k, exists ? slot : null, bytes, ttl), () -> {
                events.fire(
                        exists
                                ? ctx.fired(
                                        EventType.UPDATED,
                                        key,
                                        value,
                                        ctx.decodeValue(slot.value()),
                                        k,
                                        bytes,
                                        slot.value())
                                : ctx.fired(EventType.CREATED, key, value, null, k, bytes, null));
                return null;
            });
        });
    }
}
