package io.redkit.cache;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.internal.FilteredSerializationCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.connection.ConnectionListener;

/**
 * What a cache manager needs from its environment: the Redis client, the key prefix, the codec and the outage policy.
 * In the application it is bound by CDI to the application's one client; a manager created outside (a plain JVM, the
 * TCK) makes its own from properties.
 */
final class CacheBackend {

    private static final Logger LOG = Logger.getLogger(CacheBackend.class.getName());

    private final RedissonClient redisson;
    private final String keyPrefix;
    private final FilteredSerializationCodec codec;
    private final CacheSettings.OutagePolicy outagePolicy;
    private final long retryIntervalNanos;
    private final String nodeId = UUID.randomUUID().toString();
    private final AtomicLong openUntil = new AtomicLong();
    private final io.redkit.redis.internal.WarningThrottle outageWarning =
            new io.redkit.redis.internal.WarningThrottle();
    private final LongAdder bypassed = new LongAdder();
    private final Runnable onClose;
    private final AtomicLong disconnects = new AtomicLong();
    private final int connectionListener;

    public CacheBackend(
            RedissonClient redisson,
            String keyPrefix,
            FilteredSerializationCodec codec,
            CacheSettings.OutagePolicy outagePolicy,
            Duration retryInterval,
            Runnable onClose) {
        this.redisson = redisson;
        this.keyPrefix = keyPrefix;
        this.codec = codec;
        this.outagePolicy = outagePolicy;
        this.retryIntervalNanos = retryInterval.toNanos();
        this.onClose = onClose;
        this.connectionListener = redisson.getNodesGroup().addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnect(InetSocketAddress address) {}

            @Override
            public void onDisconnect(InetSocketAddress address) {
                disconnects.incrementAndGet();
            }
        });
    }

    /**
     * Counts connections to Redis lost unexpectedly (not idle ones closed by the pool). When it moves, Redis may have
     * restarted, and writes that another node skipped while Redis was down may have left old values that came back
     * from its persistence: each cache clears itself before its next operation (BYPASS policy).
     */
    long connectionEpoch() {
        return disconnects.get();
    }

    public RedissonClient redisson() {
        return redisson;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public CacheSettings.OutagePolicy outagePolicy() {
        return outagePolicy;
    }

    FilteredSerializationCodec codec() {
        return codec;
    }

    String nodeId() {
        return nodeId;
    }

    /** How many cache operations skipped Redis because it was unreachable, since start. */
    public long bypassedOperations() {
        return bypassed.sum();
    }

    /** Fails fast while Redis was found unreachable less than the retry interval ago (BYPASS policy only). */
    void checkReachable(String cacheName) {
        if (outagePolicy == CacheSettings.OutagePolicy.BYPASS && System.nanoTime() - openUntil.get() < 0) {
            throw new CacheUnavailableException(cacheName);
        }
    }

    /**
     * Decides what a failure means: true if the operation should carry on without Redis (the policy is BYPASS and
     * Redis is unreachable); false if the failure is to be thrown.
     */
    boolean bypass(String cacheName, RuntimeException failure) {
        if (outagePolicy != CacheSettings.OutagePolicy.BYPASS
                || !(failure instanceof CacheUnavailableException || RedisOutages.isOutage(failure))) {
            return false;
        }
        bypassed.increment();
        long now = System.nanoTime();
        if (!(failure instanceof CacheUnavailableException)) {
            openUntil.set(now + retryIntervalNanos);
        }
        if (outageWarning.tryWarn()) {
            LOG.warning("redkit cache '" + cacheName + "': Redis unreachable (" + RedisOutages.describe(failure)
                    + "); caches are bypassed (reads miss, methods run) and retried every "
                    + retryIntervalNanos / 1_000_000 + " ms; this warning repeats at most once a minute");
        }
        return true;
    }

    void close() {
        try {
            redisson.getNodesGroup().removeConnectionListener(connectionListener);
        } catch (RuntimeException shutDown) {
            // the client is already shut down: nothing to remove
        }
        if (onClose != null) {
            onClose.run();
        }
    }

    /** Thrown inside a cache while the outage circuit is open; never leaves the cache under the BYPASS policy. */
    static final class CacheUnavailableException extends javax.cache.CacheException {
        private static final long serialVersionUID = 1L;

        CacheUnavailableException(String cacheName) {
            super("Cache '" + cacheName + "': Redis is unreachable");
        }
    }
}
