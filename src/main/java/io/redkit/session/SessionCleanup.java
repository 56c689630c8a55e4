package io.redkit.session;

import io.redkit.jobs.JobLockConfig;
import io.redkit.jobs.SingletonRunner;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * Session expiry events without Redis keyspace notifications (managed Redis services forbid {@code CONFIG SET}):
 * every {@code redkit.session.cleanup-interval}, one node of the cluster (a {@code @ClusterSingleton}-style lock)
 * SCANs the session keys, fires {@code sessionDestroyed} for each session past its inactivity limit, and deletes
 * it. Sessions live in Redis for a grace period (3 intervals) past their limit so their attributes are still there.
 * The event comes at most one interval late, on whichever node ran the cleanup. The SCAN visits every session key
 * once per interval.
 */
@ApplicationScoped
public class SessionCleanup {

    private static final Logger LOG = Logger.getLogger(SessionCleanup.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    RedissonClient redisson;

    @Inject
    SessionSupportProducer producer;

    @Inject
    SessionSettings settings;

    @Inject
    SingletonRunner runner;

    private ScheduledFuture<?> task;
    private SessionSupport support;

    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        if (!settings.enabled()) {
            return;
        }
        support = producer.support(context);
        long period = settings.cleanupInterval().toMillis();
        JobLockConfig lock = new JobLockConfig(
                "redkit-session-cleanup",
                settings.cleanupInterval().multipliedBy(5),
                settings.cleanupInterval().dividedBy(2));
        task = scheduler.scheduleAtFixedRate(() -> runQuietly(lock), period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void runQuietly(JobLockConfig lock) {
        try {
            runner.run(lock, () -> {
                sweep();
                return null;
            });
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Session cleanup failed", e);
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
            RedisHttpSession session = detached(store.idOf(key), stored);
            if (store.deleteIfExpired(key)) {
                support.listeners().destroyed(session);
                destroyed++;
            }
        }
        if (destroyed > 0) {
            LOG.fine("Session cleanup destroyed " + destroyed + " expired session(s)");
        }
        return destroyed;
    }

    /** A read-only view of an expired session for the listeners; unreadable attributes are left out. */
    private RedisHttpSession detached(String id, SessionStore.Stored stored) {
        SessionContext none = new SessionContext(null, null, support); // no request: listeners and codec only
        RedisHttpSession session = new RedisHttpSession(
                none, id, stored.created(), stored.lastAccess(), stored.maxInactiveSeconds(), false);
        for (Map.Entry<String, byte[]> attribute : stored.attributes().entrySet()) {
            try {
                session.restore(attribute.getKey(), support.codec().decode(attribute.getValue()), attribute.getValue());
            } catch (IOException e) {
                LOG.fine(() -> "Expired session attribute '" + attribute.getKey() + "' unreadable: " + e);
            }
        }
        return session;
    }
}
