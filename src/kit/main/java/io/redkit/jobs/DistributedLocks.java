package io.redkit.jobs;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.RedisUnavailableException;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Distributed locks for business code ("process this payment once"), on Redisson {@link RLock}s named {@code
 * <prefix>:lock:<name>}.
 *
 * <p><b>Lease.</b> With a lease the lock frees itself after that time even if the holder still runs (then the
 * holder's unlock is skipped with a warning); with {@code null} Redisson's watchdog keeps it while this JVM lives
 * and frees it about 30 s after the JVM dies. <b>Reentrancy.</b> Locks are reentrant per thread: the same thread may
 * nest {@code withLock} on the same name; another thread of the same JVM waits like a remote node. The work's own
 * exceptions come out unchanged; the lock is released in {@code finally}, only by its holder.
 *
 * <p>An application-scoped CDI bean: inject it. Thread-safe.
 *
 * <pre>{@code
 * @Inject DistributedLocks locks;
 *
 * Receipt pay(String orderId) {
 *     return locks.withLock("payment:" + orderId, Duration.ofSeconds(2), Duration.ofSeconds(30),
 *             () -> payments.processOnce(orderId)); // LockUnavailableException (409) when busy elsewhere
 * }
 * }</pre>
 */
@ApplicationScoped
public class DistributedLocks {

    private static final Logger LOG = Logger.getLogger(DistributedLocks.class.getName());

    /** Work run under a lock; may throw a checked business exception, which comes out unchanged. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /**
         * Runs under the lock.
         *
         * @return the result
         * @throws E passed on to the caller unchanged
         */
        T call() throws E;
    }

    /** Work that receives the fencing token of its hold. */
    @FunctionalInterface
    public interface FencedWork<T, E extends Exception> {
        /**
         * Runs under the lock with its fencing token.
         *
         * @param fencingToken the token of this acquisition
         * @return the result
         * @throws E passed on to the caller unchanged
         */
        T call(long fencingToken) throws E;
    }

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    /**
     * Waits up to {@code wait} for the lock, runs {@code work}, releases; {@link LockUnavailableException} if not had.
     *
     * @param <T> the result type
     * @param <E> the work's checked exception
     * @param name the lock name (a Redis key under the {@code lock} feature)
     * @param wait the longest to wait for the lock
     * @param lease the lock frees itself after this time even if the work still runs; {@code null}: held until
     *     released, or about 30 s after this JVM dies
     * @param work what to run under the lock
     * @return the work's result
     * @throws E the work's exception, unchanged (the lock is released)
     * @throws LockUnavailableException when the lock was not had within {@code wait}
     * @throws RedisUnavailableException when Redis cannot be reached to take the lock
     */
    public <T, E extends Exception> T withLock(String name, Duration wait, Duration lease, Work<T, E> work) throws E {
        RLock lock = redisson.getLock(key(name));
        if (!acquire(lock, name, wait, lease)) {
            throw new LockUnavailableException(name, wait);
        }
        try {
            return work.call();
        } finally {
            unlock(lock, name);
        }
    }

    /**
     * Runs {@code work} only if the lock is free right now; empty when another holder has it.
     *
     * @param <T> the result type
     * @param <E> the work's checked exception
     * @param name the lock name
     * @param lease the lock frees itself after this time; {@code null}: held until released (see above)
     * @param work what to run under the lock
     * @return the work's result, or empty when the lock is held elsewhere
     * @throws E the work's exception, unchanged (the lock is released)
     * @throws RedisUnavailableException when Redis cannot be reached to take the lock
     */
    public <T, E extends Exception> Optional<T> tryWithLock(String name, Duration lease, Work<T, E> work) throws E {
        RLock lock = redisson.getLock(key(name));
        if (!acquire(lock, name, Duration.ZERO, lease)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.call());
        } finally {
            unlock(lock, name);
        }
    }

    /**
     * As {@link #withLock}, on a Redisson {@link RFencedLock}: {@code work} gets a token that strictly increases with
     * every acquisition across all nodes, so a resource can refuse writes from a holder whose lease expired.
     *
     * @param <T> the result type
     * @param <E> the work's checked exception
     * @param name the lock name
     * @param wait the longest to wait for the lock
     * @param lease the lock frees itself after this time; {@code null}: held until released (see above)
     * @param work what to run under the lock, given the fencing token
     * @return the work's result
     * @throws E the work's exception, unchanged (the lock is released)
     * @throws LockUnavailableException when the lock was not had within {@code wait}
     * @throws RedisUnavailableException when Redis cannot be reached to take the lock
     */
    public <T, E extends Exception> T withFencedLock(String name, Duration wait, Duration lease, FencedWork<T, E> work)
            throws E {
        RFencedLock lock = redisson.getFencedLock(key(name));
        Long token;
        try {
            token = lease == null
                    ? lock.tryLockAndGetToken(wait.toMillis(), TimeUnit.MILLISECONDS)
                    : lock.tryLockAndGetToken(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw outage(name, e);
        }
        if (token == null) {
            throw new LockUnavailableException(name, wait);
        }
        try {
            return work.call(token);
        } finally {
            unlock(lock, name);
        }
    }

    private boolean acquire(RLock lock, String name, Duration wait, Duration lease) {
        try {
            return lease == null
                    ? lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)
                    : lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException(name, wait);
        } catch (RuntimeException e) {
            throw outage(name, e);
        }
    }

    /** A Redis outage while taking a lock is {@link RedisUnavailableException} (503); anything else is unchanged. */
    private static RuntimeException outage(String name, RuntimeException e) {
        return RedisOutages.isOutage(e) ? RedisUnavailableException.of("Lock '" + name + "' cannot be taken", e) : e;
    }

    private static void unlock(RLock lock, String name) {
        if (lock.isHeldByCurrentThread()) {
            lock.unlock();
        } else {
            LOG.warning("Lock '" + name + "' expired before the work finished (lease too short); not unlocking a"
                    + " lock this thread no longer holds");
        }
    }

    private String key(String name) {
        return keys.key("lock", name);
    }
}
