package io.redkit.app.caching;

import io.redkit.app.web.WarningThrottle;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.redisson.api.RedissonClient;

/**
 * The write-behind worker: every {@code redkit.app.caching.flush-interval}, on every node, claims up to {@code
 * flush-batch} dirty products and writes their rating aggregates to the database in one transaction. Claims are
 * atomic, so nodes share the work instead of repeating it.
 */
@ApplicationScoped
public class RatingsFlusher {

    private static final Logger LOG = Logger.getLogger(RatingsFlusher.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    RatingRepository repository;

    @Inject
    CachingStrategies strategies;

    @Inject
    MetricRegistry metrics;

    private final WarningThrottle warnings = new WarningThrottle();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private WriteBehindRatings ratings;
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ratings = new WriteBehindRatings(redisson, keys);
        long interval = strategies.settings().flushInterval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::flushAll, interval, interval, TimeUnit.MILLISECONDS);
        metrics.gauge("redkit.caching.writebehind.pending", this, RatingsFlusher::pendingOrMinusOne);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    public WriteBehindRatings ratings() {
        return ratings;
    }

    /** Flushes batches until nothing is dirty (or a batch fails: it is retried after the visibility timeout). */
    void flushAll() {
        CachingSettings settings = strategies.settings();
        try {
            strategies.retryPendingInvalidations();
            int stored;
            do {
                stored = ratings.flush(settings.flushBatch(), settings.flushVisibility(), batch -> {
                    rows.addAndGet(repository.store(batch));
                    batches.incrementAndGet();
                });
            } while (stored == settings.flushBatch());
        } catch (Exception e) {
            failures.incrementAndGet();
            if (warnings.tryWarn()) {
                LOG.warning(
                        RedisOutages.isOutage(e)
                                ? "Write-behind flush waiting for Redis (ratings stay in Redis until then): "
                                        + RedisOutages.describe(e)
                                : "Write-behind flush failed; its products are retried after "
                                        + settings.flushVisibility() + ": " + RedisOutages.loggable(e));
            }
        }
    }

    /** {batches committed, rows changed, failed flushes} on this node. */
    public long[] counts() {
        return new long[] {batches.get(), rows.get(), failures.get()};
    }

    private long pendingOrMinusOne() {
        try {
            return ratings.pending();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
