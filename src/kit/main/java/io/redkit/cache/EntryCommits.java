package io.redkit.cache;

import io.redkit.cache.CacheStore.Change;
import io.redkit.cache.CacheStore.Expect;
import io.redkit.cache.CacheStore.Op;
import io.redkit.cache.CacheStore.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.event.EventType;

/**
 * How a cache's changes reach Redis: compare-and-set commits that drop the near copy's entries whatever the outcome,
 * and the read–decide–commit loop that single-key writes, entry processors and loading share.
 */
final class EntryCommits<K, V> {

    /** What a write decided after reading an entry: the change to commit (null: none), then its result. */
    record Decision<T>(Change change, Supplier<T> result) {
        static <T> Decision<T> done(T result) {
            return new Decision<>(null, () -> result);
        }
    }

    private final CacheContext<K, V> ctx;
    private final NearCache near;

    EntryCommits(CacheContext<K, V> ctx) {
        this.ctx = ctx;
        this.near = ctx.near();
    }

    /**
     * The one read–decide–commit loop of single-key writes: reads the entry (an entry found expired fires its event),
     * lets {@code decide} choose a change, and commits it only if the entry is still as read; if another thread or
     * node changed it in between, reads and decides again. {@code decide} may therefore run more than once; the
     * result's supplier runs once, after the commit.
     */
    <T> T readDecideCommit(K key, byte[] k, Function<Slot, Decision<T>> decide) {
        while (true) {
            Slot slot = ctx.store().read(k, CacheStore.KEEP);
            ctx.expired(key, k, slot);
            Decision<T> decision = decide.apply(slot);
            if (decision.change() == null || commit(decision.change())) {
                return decision.result().get();
            }
        }
    }

    /** Commits one change; the near copy drops the entry whatever the outcome. */
    boolean commit(Change change) {
        try {
            return ctx.store().commit(change);
        } finally {
            if (near != null) {
                near.invalidateFields(List.of(change.field()));
            }
        }
    }

    /** Commits changes, all or none: -1, or the index of the change whose expectation failed. */
    int commit(List<Change> changes) {
        try {
            return ctx.store().commit(changes);
        } finally {
            if (near != null && !changes.isEmpty()) {
                List<byte[]> fields = new ArrayList<>(changes.size());
                changes.forEach(c -> fields.add(c.field()));
                near.invalidateFields(fields);
            }
        }
    }

    /** Empties the cache in Redis and the near copy. */
    void clearStore() {
        try {
            ctx.store().clear();
        } finally {
            if (near != null) {
                near.clearAll();
            }
        }
    }

    /** Put {@code bytes}: over the value the slot holds, or, with no slot, only if the key is absent. */
    static Change upsert(byte[] k, Slot existing, byte[] bytes, long ttl) {
        return existing != null
                ? new Change(k, Expect.VALUE, existing.value(), Op.PUT, bytes, ttl)
                : new Change(k, Expect.ABSENT, null, Op.PUT, bytes, ttl);
    }

    /** Delete the value the slot holds (and only that value). */
    static Change deletion(byte[] k, Slot slot) {
        return new Change(k, Expect.VALUE, slot.value(), Op.DELETE, null, 0);
    }

    /** Applies the access expiry to an entry read (if the policy moves it), as long as it still holds {@code bytes}. */
    void touch(byte[] k, byte[] bytes) {
        long ttl = ctx.expiry().access();
        if (ttl != CacheStore.KEEP) {
            commit(new Change(k, Expect.VALUE, bytes, Op.TOUCH, null, ttl));
        }
    }

    /** Puts a value that came from the loader: creation expiry, no writer, only if still absent. */
    void putLoaded(K key, byte[] k, V value) {
        long ttl = ctx.expiry().creation();
        if (ttl == 0) {
            return;
        }
        byte[] bytes = ctx.encodeValue(value);
        if (commit(upsert(k, null, bytes, ttl))) {
            ctx.events().fire(ctx.fired(EventType.CREATED, key, value, null, k, bytes, null));
        }
    }
}
