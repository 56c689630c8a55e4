package io.redkit.cache;

import io.redkit.cache.internal.Unwrap;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link EntryProcessor} sees: what it does is recorded, and applied by the cache after it returns (and
 * only if the entry did not change meanwhile; otherwise the processor runs again on a fresh entry).
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

    /** What the processor did, as the cache must apply it. */
    enum Outcome {
        NONE,
        LOADED,
        SET,
        REMOVED
    }

    private final K key;
    private final boolean existed;
    private final Function<K, V> loader;
    private V value;
    private boolean exists;
    private boolean accessed;
    private boolean loaded;
    private Outcome outcome = Outcome.NONE;

    /** {@code loader}: the read-through loader, or null when the cache does not read through. */
    ProcessorEntry(K key, V current, Function<K, V> loader) {
        this.key = key;
        this.value = current;
        this.existed = current != null;
        this.exists = existed;
        this.loader = loader;
    }

    Outcome outcome() {
        return outcome;
    }

    boolean accessed() {
        return accessed;
    }

    /** The value as the processor left it. */
    V value() {
        return value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        accessed = true;
        if (!exists && outcome == Outcome.NONE && !loaded && loader != null) {
            V fromLoader = loader.apply(key);
            loaded = true;
            if (fromLoader != null) {
                value = fromLoader;
                exists = true;
                outcome = Outcome.LOADED;
            }
        }
        return exists ? value : null;
    }

    @Override
    public boolean exists() {
        return exists;
    }

    @Override
    public void remove() {
        value = null;
        exists = false;
        // an entry created by this processor and removed again leaves no trace; any other remove reaches the
        // writer, even when the entry did not exist (a write-through cache deletes from the writer's store)
        outcome = !existed && outcome == Outcome.SET ? Outcome.NONE : Outcome.REMOVED;
    }

    @Override
    public void setValue(V newValue) {
        Objects.requireNonNull(newValue, "value");
        value = newValue;
        exists = true;
        outcome = Outcome.SET;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.as(type, this, "Cache entry");
    }
}
