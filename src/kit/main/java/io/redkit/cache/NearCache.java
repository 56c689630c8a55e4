package io.redkit.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.redkit.cache.CacheSettings.NearSpec;
import io.redkit.cache.internal.DefaultGeneratedCacheKey;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Subscriptions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RTopic;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * A bounded in-JVM copy of a cache's entries, in front of Redis, kept coherent with it.
 *
 * <ul>
 *   <li><b>Invalidation</b>: every change of the cache, made by any node, is announced by the same Redis script that
 *       makes it (see {@link CacheStore}) with the cache's change sequence; each announcement drops the named entries
 *       here. A change made on this node drops them here at once, before the operation returns.
 *   <li><b>No stale value forever</b>: a gap in the sequence (an announcement lost), a sequence going back (Redis
 *       flushed or restarted empty), "everything" (clear, destroy), a lost or re-established subscription, or a
 *       dropped Redis connection empties this copy; while the subscription is not confirmed the copy is bypassed.
 *   <li><b>The read-then-invalidate race</b>: before reading Redis, a miss reserves the key here; an invalidation
 *       arriving meanwhile removes the reservation, and the value read then does not enter the copy.
 *   <li>Every entry also lives at most the configured TTL here, and never longer than its expiry in Redis.
 * </ul>
 *
 * Values are held decoded, so a hit costs neither a round trip nor deserialization. A store-by-value cache returns a
 * fresh copy (decoded from the held bytes) unless the value is of a type that cannot be changed (String, numbers,
 * java.time, UUID, enums) or a Hibernate cache entry (Hibernate never changes those it gets from a cache).
 *
 * <p>Only caches whose expiry does not move on reads use a near copy: a local hit cannot extend a TTL in Redis.
 */
final class NearCache {

    private static final Logger LOG = Logger.getLogger(NearCache.class.getName());

    private static final Set<Class<?>> IMMUTABLE = Set.of(
            String.class,
            Long.class,
            Integer.class,
            Short.class,
            Byte.class,
            Character.class,
            Boolean.class,
            Double.class,
            Float.class,
            BigInteger.class,
            BigDecimal.class,
            UUID.class,
            java.time.Instant.class,
            java.time.LocalDate.class,
            java.time.LocalDateTime.class,
            java.time.LocalTime.class,
            java.time.OffsetDateTime.class,
            java.time.ZonedDateTime.class,
            java.time.Duration.class,
            java.time.Period.class);

    /** Hibernate's cache entries: written once, never changed by Hibernate after it got them from a cache. */
    private static final Set<String> HIBERNATE_ENTRIES = Set.of(
            "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
            "org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl",
            "org.hibernate.cache.spi.entry.CollectionCacheEntry",
            "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item");

    /**
     * Hibernate's cache keys: immutable, with value equality, and equal instances serialize to equal bytes (so their
     * bytes can be kept, see {@link CacheContext#encodeKey}).
     */
    static final Set<String> HIBERNATE_KEYS = Set.of(
            "org.hibernate.cache.internal.CacheKeyImplementation",
            "org.hibernate.cache.internal.BasicCacheKeyImplementation",
            "org.hibernate.cache.internal.NaturalIdCacheKey");

    /** Key types with value equality whose equal instances always serialize to equal bytes. */
    private static final Set<String> VALUE_KEYS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(DefaultGeneratedCacheKey.class.getName()), HIBERNATE_KEYS.stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A value held here. */
    private record Held(Object value, byte[] bytes, long deadline, boolean shared) {}

    /** A miss in progress: the value it reads from Redis enters only if this is still here when it arrives. */
    static final class Reservation {}

    /** Serialized keys of types without value equality are held by their bytes. */
    private record ByteKey(byte[] bytes, int hash) {
        ByteKey(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByteKey b && b.hash == hash && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final String cacheName;
    private final NearSpec spec;
    private final boolean storeByValue;
    private final CacheCodec codec;
    private final Supplier<CacheBackend> backend;
    private final Supplier<String> channel;
    private final Supplier<String> sequenceKey;
    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> local;
    private final long ttlNanos;

    private final Object sequenceLock = new Object();
    /** The sequence of the last announcement heard (or read when subscribing). */
    private long heard = -1;
    /** Announcements up to this sequence may still arrive from before the subscription's baseline; -1: none. */
    private long floor = -1;
    /** A sequence the last check found in Redis and not heard yet; -1: none. */
    private long suspect = -1;

    private volatile boolean subscribed;
    private volatile long subscribedEpoch;
    private volatile long nextSubscribeAttempt;
    private RTopic topic;
    private int messageListener = -1;
    private int statusListener = -1;
    private final AtomicLong confirmations = new AtomicLong();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder resets = new LongAdder();

    /** Tests only: runs between the Redis reply and the local put of a miss. */
    volatile Runnable beforeFill;

    NearCache(
            String cacheName,
            NearSpec spec,
            boolean storeByValue,
            CacheCodec codec,
            Supplier<CacheBackend> backend,
            Supplier<String> channel,
            Supplier<String> sequenceKey) {
        this.cacheName = cacheName;
        this.spec = spec;
        this.storeByValue = storeByValue;
        this.codec = codec;
        this.backend = backend;
        this.channel = channel;
        this.sequenceKey = sequenceKey;
        this.ttlNanos = spec.ttl().toNanos();
        this.local = Caffeine.newBuilder().maximumSize(spec.maxEntries()).build();
    }

    NearSpec spec() {
        return spec;
    }

    // ---- use ----------------------------------------------------------------------------------------------------

    /** True if the copy may be used now: the subscription is confirmed and no connection was lost since. */
    boolean active() {
        if (!subscribed) {
            subscribe();
            return subscribed;
        }
        if (backend.get().connectionEpoch() != subscribedEpoch) {
            // a connection to Redis dropped: announcements may have been lost, and Redis may have restarted
            lost("a connection to Redis was lost");
            subscribe();
            return subscribed;
        }
        return true;
    }

    /** The key under which {@code key} is held here. */
    Object localKey(Object key) {
        return heldByValue(key) ? key : new ByteKey(codec.encode(key, "key"));
    }

    /** As {@link #localKey(Object)}, for a key whose serialized form ({@code encoded}) the caller has anyway. */
    Object localKey(Object key, byte[] encoded) {
        return heldByValue(key) ? key : new ByteKey(encoded);
    }

    /** Whether {@code key} is held as itself (value equality) rather than by its bytes. */
    static boolean heldByValue(Object key) {
        Class<?> type = key.getClass();
        return type == String.class
                || type == Long.class
                || type == Integer.class
                || VALUE_KEYS.contains(type.getName());
    }

    /** The key under which the entry of serialized key {@code field} is held here. */
    private Object localKeyOf(byte[] field) {
        if (CompactEncoding.isCompact(field)) {
            Object key = codec.decode(field);
            return key != null ? key : new ByteKey(field);
        }
        if (field.length == 0 || (field[0] & 0xFF) != 0xAC) {
            return new ByteKey(field);
        }
        // Java-serialized: held by the object if its type has value equality, else by the bytes
        Object key = codec.decode(field);
        return key != null && VALUE_KEYS.contains(key.getClass().getName()) ? key : new ByteKey(field);
    }

    /** The value held for {@code localKey} (a copy where store-by-value needs one), or null. */
    Object get(Object localKey) {
        Object held = local.getIfPresent(localKey);
        if (held instanceof Held h) {
            if (System.nanoTime() - h.deadline < 0) {
                hits.increment();
                return h.shared || !storeByValue ? h.value : codec.decode(h.bytes);
            }
            local.asMap().remove(localKey, h);
        }
        misses.increment();
        return null;
    }

    /** Reserves {@code localKey} for a read from Redis; null if another read has it reserved. */
    Reservation reserve(Object localKey) {
        Reservation reservation = new Reservation();
        return local.asMap().putIfAbsent(localKey, reservation) == null ? reservation : null;
    }

    /**
     * Puts what a reserved read found in Redis, unless the key was invalidated since the reservation or the
     * sequence shows Redis was reset. {@code value} null: nothing to hold (the reservation is released).
     */
    void fill(
            Object localKey, Reservation reservation, Object value, byte[] bytes, long remainingMillis, long sequence) {
        if (reservation == null) {
            return;
        }
        Runnable hook = beforeFill;
        if (hook != null) {
            hook.run();
        }
        observe(sequence);
        if (value == null || remainingMillis == 0) {
            local.asMap().remove(localKey, reservation);
            return;
        }
        long life = remainingMillis > 0 ? Math.min(ttlNanos, remainingMillis * 1_000_000L) : ttlNanos;
        Held held = new Held(value, bytes, System.nanoTime() + life, shareable(value));
        local.asMap().computeIfPresent(localKey, (k, current) -> current == reservation ? held : current);
    }

    /** Releases a reservation whose read failed. */
    void release(Object localKey, Reservation reservation) {
        if (reservation != null) {
            local.asMap().remove(localKey, reservation);
        }
    }

    /** A read saw the cache's sequence: a sequence behind what was heard means Redis was reset (flushed, restarted). */
    void observe(long sequence) {
        synchronized (sequenceLock) {
            if (sequence < heard) {
                wentBack(sequence);
            }
        }
    }

    private void wentBack(long sequence) {
        reset("the change sequence went back from " + heard + " to " + sequence + " (Redis flushed or restarted)");
        heard = sequence;
        floor = -1;
        suspect = -1;
    }

    /**
     * The periodic check (every {@code redkit.cache.near-check-interval}): subscribes if needed, and compares the
     * sequence in Redis with what was heard. Behind: Redis was reset. Ahead twice in a row with the same announcement
     * still missing: it was lost. Either empties the copy, so a value is stale at most about two intervals even when
     * nothing else happens.
     */
    void check() {
        if (!subscribed) {
            subscribe();
            return;
        }
        long sequence;
        try {
            sequence = backend.get().redisson().getAtomicLong(sequenceKey.get()).get();
        } catch (RuntimeException e) {
            lost("Redis unreachable (" + e.getClass().getSimpleName() + ")");
            return;
        }
        synchronized (sequenceLock) {
            if (sequence < heard) {
                wentBack(sequence);
            } else if (sequence > heard) {
                if (suspect >= 0 && suspect > heard) {
                    reset("announcements " + (heard + 1) + ".." + suspect + " did not arrive");
                    heard = sequence;
                    floor = -1;
                    suspect = -1;
                } else {
                    suspect = sequence;
                }
            } else {
                suspect = -1;
            }
        }
    }

    /** This node changed these entries (or tried to): they leave the copy now, not when the announcement comes. */
    void invalidateFields(List<byte[]> fields) {
        for (byte[] field : fields) {
            local.invalidate(localKeyOf(field));
        }
    }

    /** Empties the copy (clear, destroy, outage). */
    void clearAll() {
        local.invalidateAll();
    }

    private boolean shareable(Object value) {
        Class<?> type = value.getClass();
        return IMMUTABLE.contains(type) || type.isEnum() || HIBERNATE_ENTRIES.contains(type.getName());
    }

    // ---- announcements ------------------------------------------------------------------------------------------

    private synchronized void subscribe() {
        if (subscribed || System.nanoTime() - nextSubscribeAttempt < 0) {
            return;
        }
        CacheBackend b = backend.get();
        long epoch = b.connectionEpoch();
        try {
            unsubscribe();
            local.invalidateAll();
            confirmations.set(0);
            RTopic t = b.redisson().getTopic(channel.get(), ByteArrayCodec.INSTANCE);
            statusListener = Subscriptions.add(() -> t.addListener(new StatusListener() {
                @Override
                public void onSubscribe(String name) {
                    if (confirmations.incrementAndGet() > 1) {
                        // Redisson subscribed again after losing the connection: announcements may have been lost
                        lost("the invalidation subscription was re-established");
                    }
                }

                @Override
                public void onUnsubscribe(String name) {
                    lost("the invalidation subscription ended");
                }
            }));
            messageListener = Subscriptions.add(() -> t.addListener(byte[].class, (name, message) -> receive(message)));
            topic = t;
            // addListener returned: Redis confirmed the subscription; every change from now on is heard
            long baseline = b.redisson().getAtomicLong(sequenceKey.get()).get();
            synchronized (sequenceLock) {
                heard = baseline;
                floor = baseline;
                suspect = -1;
            }
            local.invalidateAll();
            subscribedEpoch = epoch;
            subscribed = true;
        } catch (RuntimeException e) {
            nextSubscribeAttempt = System.nanoTime() + 1_000_000_000L;
            LOG.log(
                    Level.FINE,
                    "redkit cache '" + cacheName + "': near cache waits for its invalidation subscription",
                    e);
        }
    }

    private void unsubscribe() {
        RTopic t = topic;
        topic = null;
        if (t == null) {
            return;
        }
        try {
            if (messageListener >= 0) {
                t.removeListener(messageListener);
            }
            if (statusListener >= 0) {
                t.removeListener(statusListener);
            }
        } catch (RuntimeException e) {
            RedisOutages.log(LOG, Level.FINE, "redkit cache: near cache unsubscribe failed", e);
        }
        messageListener = -1;
        statusListener = -1;
    }

    /** The subscription is gone or in doubt: empty the copy and bypass it until subscribed again. */
    private void lost(String why) {
        if (subscribed) {
            subscribed = false;
            reset(why);
        }
    }

    private void reset(String why) {
        resets.increment();
        local.invalidateAll();
        LOG.fine(() -> "redkit cache '" + cacheName + "': near cache emptied: " + why);
    }

    /** {@code <sequence>|*} or {@code <sequence>|<length>:<field>...}. */
    void receive(byte[] message) {
        int bar = indexOf(message, (byte) '|', 0);
        if (bar <= 0) {
            reset("an unreadable announcement");
            return;
        }
        long sequence = Long.parseLong(new String(message, 0, bar, StandardCharsets.US_ASCII));
        List<byte[]> fields = new ArrayList<>();
        boolean all = bar + 1 < message.length && message[bar + 1] == '*';
        if (!all) {
            int i = bar + 1;
            while (i < message.length) {
                int colon = indexOf(message, (byte) ':', i);
                if (colon < 0) {
                    reset("an unreadable announcement");
                    return;
                }
                int length = Integer.parseInt(new String(message, i, colon - i, StandardCharsets.US_ASCII));
                fields.add(Arrays.copyOfRange(message, colon + 1, colon + 1 + length));
                i = colon + 1 + length;
            }
        }
        synchronized (sequenceLock) {
            if (all) {
                reset("the cache was cleared");
            } else if (sequence <= floor) {
                // published after the subscription, before its baseline was read: only its entries matter
                invalidate(fields);
                return;
            } else if (sequence == heard + 1) {
                invalidate(fields);
            } else if (sequence <= heard) {
                wentBack(sequence);
            } else {
                reset("announcements " + (heard + 1) + ".." + (sequence - 1) + " were lost");
            }
            heard = sequence;
            floor = -1;
            if (suspect <= sequence) {
                suspect = -1;
            }
        }
    }

    private void invalidate(List<byte[]> fields) {
        invalidations.add(fields.size());
        for (byte[] field : fields) {
            local.invalidate(localKeyOf(field));
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    void close() {
        synchronized (this) {
            unsubscribe();
            subscribed = false;
        }
        local.invalidateAll();
    }

    // ---- figures ------------------------------------------------------------------------------------------------

    NearCacheStatistics statistics() {
        return new NearCacheStatistics(
                hits.sum(), misses.sum(), invalidations.sum(), resets.sum(), local.estimatedSize());
    }
}
