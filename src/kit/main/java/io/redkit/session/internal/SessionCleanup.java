package io.redkit.session.internal;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import io.redkit.session.PrincipalSessions;
import io.redkit.session.SessionSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * Session expiry events without Redis keyspace notifications (managed Redis services forbid {@code CONFIG SET}):
 * every {@code redkit.session.cleanup-interval}, one node of the cluster (the first to set a short-lived marker key)
 * SCANs the session keys, fires {@code sessionDestroyed} for each session past its inactivity limit, and deletes
 * it. Sessions live in Redis for a grace period (3 intervals) past their limit so their attributes are still there.
 * The event comes at most one interval late, on whichever node ran the cleanup. The SCAN visits every session key
 * once per interval. Should two nodes sweep at once (a marker expired early), each expired session is still destroyed
 * and announced once: the delete that decides is atomic.
 */
@ApplicationScoped
public class SessionCleanup {

    private static final Logger LOG = Logger.getLogger(SessionCleanup.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    SessionSupportProducer producer;

    @Inject
    SessionSettings settings;

    @Inject
    RedkitKeys keys;

    private ScheduledFuture<?> task;
    private SessionSupport support;

    /**
     * Called by {@link RedisSessionFilter#init()} when the application starts: the filter has the application's
     * {@code ServletContext} (an {@code @Initialized(ApplicationScoped.class) ServletContext} observer is not called
     * for a bean of a library jar on Payara).
     */
    synchronized void start(ServletContext servletContext) {
        if (!settings.enabled() || task != null) {
            return;
        }
        support = producer.support(servletContext);
        long period = settings.cleanupInterval().toMillis();
        task = scheduler.scheduleAtFixedRate(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
        LOG.info("redkit sessions: expired sessions are destroyed every " + settings.cleanupInterval()
                + " (one node per interval; " + SessionSettings.CLEANUP_INTERVAL + ")");
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void runQuietly() {
        try {
            // this interval's sweep belongs to the first node to set the marker (it expires before the next one); a
            // key outside <prefix>:session:*, which the sweep scans
            Duration hold = settings.cleanupInterval().dividedBy(2);
            if (redisson.getBucket(keys.key("session-cleanup", "marker"), StringCodec.INSTANCE)
                    .setIfAbsent("1", hold)) {
                sweep();
            }
        } catch (RuntimeException e) {
            if (RedisOutages.isOutage(e)) {
                LOG.fine(() -> "Session cleanup skipped: Redis is unavailable (" + RedisOutages.describe(e) + ")");
            } else {
                RedisOutages.log(LOG, Level.WARNING, "Session cleanup failed", e);
            }
        }
    }

    /** One pass: destroy every session past its inactivity limit. Returns how many were destroyed. */
    int sweep() {
        SessionStore store = support.store();
        int destroyed = 0;
        long now = System.currentTimeMillis();
        for (String key : redisson.getKeys()
                .getKeys(KeysScanOptions.defaults().pattern(store.pattern()).chunkSize(500))) {
            SessionStore.Stored stored = store.load(key, false);
            if (stored == null
                    || stored.maxInactiveSeconds() < 0
                    || stored.lastAccess() + stored.maxInactiveSeconds() * 1000L > now) {
                continue;
            }
            String id = stored.id() != null ? stored.id() : SessionStore.legacyIdOf(key);
            if (store.deleteIfExpired(key)) {
                if (stored.principal() != null) {
                    support.principals().remove(stored.principal(), key);
                }
                if (id != null) {
                    detached(support, id, stored).end(); // as on invalidate: listeners told, @SessionScoped destroyed
                }
                destroyed++;
            }
        }
        if (destroyed > 0) {
            LOG.fine("Session cleanup destroyed " + destroyed + " expired session(s)");
        }
        return destroyed;
    }

    /** A read-only view of an expired session for the listeners; unreadable attributes are left out. */
    static RedisHttpSession detached(SessionSupport support, String id, SessionStore.Stored stored) {
        SessionContext none = new SessionContext(null, null, support); // no request: listeners and codec only
        RedisHttpSession session = new RedisHttpSession(
                none, id, stored.created(), stored.lastAccess(), stored.maxInactiveSeconds(), false);
        for (Map.Entry<String, byte[]> attribute : stored.attributes().entrySet()) {
            try {
                session.restore(attribute.getKey(), support.codec().decode(attribute.getValue()), attribute.getValue());
            } catch (io.redkit.redis.internal.UnreadableValueException e) {
                LOG.fine(() -> "Expired session attribute '" + attribute.getKey() + "' unreadable: " + e);
            }
        }
        return session;
    }

    /**
     * Ends the session stored at {@code key} from outside any request of it (evicted by a principal's cap, or ended
     * through {@link PrincipalSessions}): deletes it and, if this call deleted it, fires its destroy events and
     * unbinds its attributes ({@code @PreDestroy} of its session-scoped beans) here. True if it ended it.
     */
    public static boolean end(SessionSupport support, String key) {
        SessionStore.Stored stored = support.store().load(key, false);
        if (stored == null || !support.store().deleteKey(key)) {
            return false;
        }
        if (stored.principal() != null) {
            support.principals().remove(stored.principal(), key);
        }
        if (stored.id() != null) {
            detached(support, stored.id(), stored).end();
        }
        return true;
    }
}
