package io.redkit.cache;

import io.redkit.redis.RedisOutages;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * Whether a cache's operation may run, and what its failure becomes: a closed cache refuses; a Redis failure is thrown
 * as a {@link CacheException} naming the cache, unless the outage policy says carry on without Redis — then the cache
 * is marked dirty and cleared once Redis answers again, since changes skipped meanwhile may have left stale entries.
 */
final class CacheGuard {

    /** Logs under the cache's own category, io.redkit.cache.RedkitCache, with its other lines. */
    private static final Logger LOG = Logger.getLogger(RedkitCache.class.getName());

    private final CacheContext<?, ?> ctx;
    private final EntryCommits<?, ?> commits;
    private volatile boolean dirty;
    private volatile long seenConnectionEpoch = -1;
    private volatile boolean closed;

    CacheGuard(CacheContext<?, ?> ctx, EntryCommits<?, ?> commits) {
        this.ctx = ctx;
        this.commits = commits;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the cache closed: false if it was closed already. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** Before every operation: the cache is open, and cleared first if changes were skipped during an outage. */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Cache '" + ctx.name() + "' is closed");
        }
        // the backend is bound late (Hibernate creates its regions before the application's Redis client exists)
        CacheBackend backend = ctx.backend();
        long epoch = backend.connectionEpoch();
        if (seenConnectionEpoch < 0) {
            seenConnectionEpoch = epoch;
        } else if (epoch != seenConnectionEpoch && backend.outagePolicy() == CacheSettings.OutagePolicy.BYPASS) {
            seenConnectionEpoch = epoch;
            dirty = true;
        }
        if (dirty) {
            recoverFromOutage();
        }
    }

    /** Writes skipped during an outage may have left stale entries: clear the cache once Redis answers again. */
    private void recoverFromOutage() {
        try {
            ctx.backend().checkReachable(ctx.name());
            commits.clearStore();
            dirty = false;
            LOG.info("redkit cache '" + ctx.name() + "': Redis is reachable again; cleared the cache because changes "
                    + "were skipped while it was not");
        } catch (RuntimeException e) {
            if (!ctx.backend().bypass(ctx.name(), e)) {
                throw translate(e);
            }
        }
    }

    /** The whole cache was cleared: nothing stale is left. */
    void cleared() {
        dirty = false;
    }

    /** A failure: thrown (translated) unless the outage policy says carry on without Redis (then: dirty). */
    void outage(RuntimeException e) {
        NearCache near = ctx.near();
        if (near != null) {
            near.clearAll(); // changes skipped now, or made elsewhere meanwhile, cannot be heard
        }
        if (!ctx.backend().bypass(ctx.name(), e)) {
            throw translate(e);
        }
        dirty = true;
    }

    /** The exception a caller sees: the specification's own as they are, anything else as a CacheException. */
    RuntimeException translate(RuntimeException e) {
        if (e instanceof CacheException
                || e instanceof IllegalArgumentException
                || e instanceof NullPointerException
                || e instanceof ClassCastException
                || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException) {
            return e;
        }
        return new CacheException("Cache '" + ctx.name() + "': " + RedisOutages.describe(e), e);
    }
}
