package io.redkit.cache;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.Subscriptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.redisson.api.RTopic;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Listener registrations of one cache and the delivery of its events.
 *
 * <p>Events caused on this node are delivered in the calling thread, after the change is in Redis (so synchronous
 * listeners have heard before the operation returns, and an exception of a synchronous listener reaches the caller as
 * a {@link CacheEntryListenerException}). When this node has listeners, its events are also published on a Redis
 * channel, and events published by other nodes are delivered here: a listener hears every change of the cache, made
 * on any node. Remote events arrive asynchronously, as pub/sub does; one that arrives while Redis is unreachable is
 * lost.
 */
final class CacheEvents<K, V> {

    private static final Logger LOG = Logger.getLogger(CacheEvents.class.getName());

    /** One event about to be delivered, with its bytes for other nodes. */
    record Fired<K, V>(
            EventType type, K key, V value, V oldValue, byte[] keyBytes, byte[] valueBytes, byte[] oldBytes) {}

    private final class Registration {
        final CacheEntryListenerConfiguration<K, V> configuration;
        final CacheEntryListener<? super K, ? super V> listener;
        final CacheEntryEventFilter<? super K, ? super V> filter;

        Registration(CacheEntryListenerConfiguration<K, V> configuration) {
            this.configuration = configuration;
            Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
                    configuration.getCacheEntryListenerFactory();
            this.listener = listenerFactory == null ? null : listenerFactory.create();
            Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                    configuration.getCacheEntryEventFilterFactory();
            this.filter = filterFactory == null ? null : filterFactory.create();
        }

        boolean hears(EventType type) {
            return switch (type) {
                case CREATED -> listener instanceof CacheEntryCreatedListener;
                case UPDATED -> listener instanceof CacheEntryUpdatedListener;
                case REMOVED -> listener instanceof CacheEntryRemovedListener;
                case EXPIRED -> listener instanceof CacheEntryExpiredListener;
            };
        }
    }

    private final RedkitCache<K, V> cache;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private volatile RTopic topic;
    private volatile int subscription = -1;
    /** While no node listens (the last publish reached nobody), events are not built or published until then. */
    private volatile long quietUntil = System.nanoTime();
    /** Publishes chained one after the other, so other nodes receive this node's events in order. */
    private java.util.concurrent.CompletionStage<?> lastPublish =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    private static final long QUIET_NANOS = 1_000_000_000L;

    CacheEvents(RedkitCache<K, V> cache) {
        this.cache = cache;
    }

    /**
     * True if events are worth building: a listener here, or possibly one on another node (checked by publishing:
     * when a publish reaches no subscriber, this node stops publishing for a second, then tries again).
     */
    boolean active() {
        return !registrations.isEmpty() || System.nanoTime() - quietUntil >= 0;
    }

    synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration r : registrations) {
            if (r.configuration.equals(configuration)) {
                throw new IllegalArgumentException("Cache '" + cache.getName()
                        + "': this listener configuration is registered already: " + configuration);
            }
        }
        registrations.add(new Registration(configuration));
        subscribe();
    }

    synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration r : registrations) {
            if (r.configuration.equals(configuration)) {
                registrations.remove(r);
                closeQuietly(r.listener);
                closeQuietly(r.filter);
                if (registrations.isEmpty()) {
                    unsubscribe();
                }
                return true;
            }
        }
        return false;
    }

    synchronized void close() {
        unsubscribe();
        for (Registration r : registrations) {
            closeQuietly(r.listener);
            closeQuietly(r.filter);
        }
        registrations.clear();
    }

    /** Delivers events caused on this node, then tells other nodes. */
    void fire(List<Fired<K, V>> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!registrations.isEmpty()) {
            deliver(events, true);
        }
        publish(events);
    }

    void fire(Fired<K, V> event) {
        if (event != null) {
            fire(List.of(event));
        }
    }

    private void deliver(List<Fired<K, V>> events, boolean local) {
        CacheEntryListenerException failure = null;
        for (Registration r : registrations) {
            for (EventType type : EventType.values()) {
                if (!r.hears(type)) {
                    continue;
                }
                List<CacheEntryEvent<? extends K, ? extends V>> batch = new ArrayList<>();
                for (Fired<K, V> f : events) {
                    if (f.type() != type) {
                        continue;
                    }
                    V old = r.configuration.isOldValueRequired()
                                    || type == EventType.REMOVED
                                    || type == EventType.EXPIRED
                            ? f.oldValue()
                            : null;
                    V value = (type == EventType.REMOVED || type == EventType.EXPIRED) ? f.oldValue() : f.value();
                    RedkitCacheEntryEvent<K, V> event = new RedkitCacheEntryEvent<>(cache, type, f.key(), value, old);
                    if (r.filter == null || r.filter.evaluate(event)) {
                        batch.add(event);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    call(r.listener, type, batch);
                } catch (RuntimeException e) {
                    if (local && r.configuration.isSynchronous()) {
                        if (failure == null) {
                            failure = e instanceof CacheEntryListenerException cele
                                    ? cele
                                    : new CacheEntryListenerException(
                                            "Cache '" + cache.getName() + "': a listener failed: "
                                                    + RedisOutages.describe(e),
                                            e);
                        }
                    } else {
                        RedisOutages.log(
                                LOG, Level.WARNING, "redkit cache '" + cache.getName() + "': a listener failed", e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void call(CacheEntryListener listener, EventType type, List batch) {
        switch (type) {
            case CREATED -> ((CacheEntryCreatedListener) listener).onCreated(batch);
            case UPDATED -> ((CacheEntryUpdatedListener) listener).onUpdated(batch);
            case REMOVED -> ((CacheEntryRemovedListener) listener).onRemoved(batch);
            case EXPIRED -> ((CacheEntryExpiredListener) listener).onExpired(batch);
        }
    }

    // ---- other nodes --------------------------------------------------------------------------------------------

    private void subscribe() {
        if (subscription >= 0) {
            return;
        }
        try {
            topic = cache.backend().redisson().getTopic(cache.eventChannel(), ByteArrayCodec.INSTANCE);
            RTopic t = topic;
            subscription = Subscriptions.add(() -> t.addListener(byte[].class, (channel, message) -> receive(message)));
        } catch (RuntimeException e) {
            RedisOutages.log(
                    LOG,
                    Level.WARNING,
                    "redkit cache '" + cache.getName()
                            + "': cannot subscribe to other nodes' events (Redis unreachable?); local events only",
                    e);
        }
    }

    private void unsubscribe() {
        RTopic t = topic;
        if (t != null && subscription >= 0) {
            try {
                t.removeListener(subscription);
            } catch (RuntimeException e) {
                RedisOutages.log(LOG, Level.FINE, "redkit cache: unsubscribe failed", e);
            }
        }
        subscription = -1;
        topic = null;
    }

    private void publish(List<Fired<K, V>> events) {
        RTopic t = topic;
        if (t == null) {
            t = cache.backend().redisson().getTopic(cache.eventChannel(), ByteArrayCodec.INSTANCE);
        }
        RTopic target = t;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(cache.backend().nodeId());
            out.writeInt(events.size());
            for (Fired<K, V> f : events) {
                out.writeByte(f.type().ordinal());
                writeBytes(out, f.keyBytes());
                writeBytes(out, f.valueBytes());
                writeBytes(out, f.oldBytes());
            }
            byte[] message = bytes.toByteArray();
            synchronized (this) {
                lastPublish = lastPublish
                        .handle((ignored, error) -> null)
                        .thenCompose(ignored -> target.publishAsync(message))
                        .whenComplete((receivers, error) -> {
                            boolean nobody =
                                    error == null && receivers != null && receivers == 0 && registrations.isEmpty();
                            if (nobody) {
                                quietUntil = System.nanoTime() + QUIET_NANOS;
                            }
                        });
            }
        } catch (IOException | RuntimeException e) {
            RedisOutages.log(LOG, Level.FINE, "redkit cache '" + cache.getName() + "': event not published", e);
        }
    }

    private void receive(byte[] message) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
            if (cache.backend().nodeId().equals(in.readUTF())) {
                return;
            }
            int n = in.readInt();
            List<Fired<K, V>> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                EventType type = EventType.values()[in.readByte()];
                byte[] key = readBytes(in);
                byte[] value = readBytes(in);
                byte[] old = readBytes(in);
                events.add(new Fired<>(
                        type, cache.decodeKey(key), cache.decodeValue(value), cache.decodeValue(old), key, value, old));
            }
            if (!cache.isClosed()) {
                deliver(events, false);
            }
        } catch (IOException | RuntimeException e) {
            RedisOutages.log(
                    LOG,
                    Level.WARNING,
                    "redkit cache '" + cache.getName() + "': unreadable event from another node",
                    e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    static void closeQuietly(Object resource) {
        if (resource instanceof Closeable || resource instanceof AutoCloseable) {
            try {
                ((AutoCloseable) resource).close();
            } catch (Exception e) {
                RedisOutages.log(LOG, Level.FINE, "redkit cache: close failed", e);
            }
        }
    }
}
