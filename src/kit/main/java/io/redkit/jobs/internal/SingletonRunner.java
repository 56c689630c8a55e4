package io.redkit.jobs.internal;

import io.redkit.jobs.LockUnavailableException;
import io.redkit.jobs.WhenLocked;
import io.redkit.redis.RedisOutages;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.client.RedisException;

/**
 * Runs a job body under its cluster lock: take the lock without waiting (held elsewhere: skip), keep the lease alive
 * while the body runs, release and record in {@code finally}. A Redis outage skips the tick with a warning: without
 * Redis nobody can know whether another node runs the job.
 */
public final class SingletonRunner {

    private static final Logger LOG = Logger.getLogger(SingletonRunner.class.getName());
    private static final long REGISTER_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(1);

    private final JobLocks locks;
    private final ScheduledExecutorService keepAliveScheduler;
    private final Map<String, AtomicLong> outageSkips = new ConcurrentHashMap<>();
    private final Map<String, io.redkit.redis.internal.WarningThrottle> outageWarnings = new ConcurrentHashMap<>();
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();

    private final BiConsumer<String, String> outcomes;
    private final BiConsumer<String, Duration> runTimes;

    public SingletonRunner(JobLocks locks, ScheduledExecutorService keepAliveScheduler) {
        this(locks, keepAliveScheduler, (job, outcome) -> {}, (job, took) -> {});
    }

    /**
     * {@code outcomes} hears every tick's outcome on this node (job, "ran"/"failed"/"skipped"/"locked"/"redis-down"),
     * {@code runTimes} how long each run of a job on this node took, whatever its outcome.
     */
    public SingletonRunner(
            JobLocks locks,
            ScheduledExecutorService keepAliveScheduler,
            BiConsumer<String, String> outcomes,
            BiConsumer<String, Duration> runTimes) {
        this.locks = locks;
        this.keepAliveScheduler = keepAliveScheduler;
        this.outcomes = outcomes;
        this.runTimes = runTimes;
    }

    /** What happened to one tick. */
    public enum Status {
        RAN,
        SKIPPED_HELD_ELSEWHERE,
        /** A timer that fired late: its scheduled tick already ran on some node. */
        SKIPPED_TICK_ALREADY_RAN,
        SKIPPED_REDIS_UNAVAILABLE
    }

    /** The outcome of {@link #run}: the status and, when the body ran, its result. */
    public record Result<T>(Status status, T value) {
        public boolean ran() {
            return status == Status.RAN;
        }
    }

    /**
     * Runs {@code body} if this node gets the job's lock. The body's exception comes out unchanged after the run is
     * recorded as a failure.
     */
    public <T> Result<T> run(JobLockConfig config, Callable<T> body) throws Exception {
        return run(config, 0, body);
    }

    /**
     * As {@link #run(JobLockConfig, Callable)} for the tick scheduled at {@code tick} (epoch millis, 0 for none): a
     * tick that already started on some node is skipped, however late this node's timer fired.
     */
    public <T> Result<T> run(JobLockConfig config, long tick, Callable<T> body) throws Exception {
        JobLocks.Acquisition acquisition;
        try {
            register(config.name());
            acquisition = locks.tryAcquire(config, tick);
            if (acquisition instanceof JobLocks.Acquisition.HeldElsewhere && config.whenLocked() == WhenLocked.WAIT) {
                acquisition = waitFor(config, tick);
            }
        } catch (RedisException e) {
            if (!RedisOutages.isOutage(e)) {
                throw e;
            }
            warnOutage(config.name(), e);
            outcomes.accept(config.name(), "redis-down");
            return new Result<>(Status.SKIPPED_REDIS_UNAVAILABLE, null);
        }
        if (acquisition instanceof JobLocks.Acquisition.TickAlreadyRan) {
            LOG.fine(() -> "Job '" + config.name() + "': tick " + tick + " already ran (this timer fired late)");
            outcomes.accept(config.name(), "tick-already-ran");
            return new Result<>(Status.SKIPPED_TICK_ALREADY_RAN, null);
        }
        if (!(acquisition instanceof JobLocks.Acquisition.Acquired acquired)) {
            if (config.whenLocked() == WhenLocked.FAIL) {
                outcomes.accept(config.name(), "locked");
                throw new LockUnavailableException(config.name(), Duration.ZERO);
            }
            LOG.fine(() -> "Job '" + config.name() + "' is locked by another node: tick skipped");
            outcomes.accept(config.name(), "skipped");
            return new Result<>(Status.SKIPPED_HELD_ELSEWHERE, null);
        }
        JobLease lease = acquired.lease();
        JobRun context = new JobRun(lease);
        JobRun previous = context.enter();
        ScheduledFuture<?> keepAlive = scheduleKeepAlive(context);
        JobLocks.Outcome outcome = JobLocks.Outcome.FAILURE;
        String error = null;
        long started = System.nanoTime();
        try {
            T value = body.call();
            outcome = JobLocks.Outcome.SUCCESS;
            return new Result<>(Status.RAN, value);
        } catch (Exception | Error e) {
            error = RedisOutages.loggable(e);
            throw e;
        } finally {
            keepAlive.cancel(false);
            runTimes.accept(config.name(), Duration.ofNanos(System.nanoTime() - started));
            JobRun.restore(previous);
            release(lease, outcome, error);
            outcomes.accept(config.name(), outcome == JobLocks.Outcome.SUCCESS ? "ran" : "failed");
        }
    }

    /**
     * Asks for the lock again, 50 ms after the first try and at most a second apart after that, until it is had, the
     * tick ran elsewhere, or {@code waitFor} has passed (then: still held elsewhere).
     */
    private JobLocks.Acquisition waitFor(JobLockConfig config, long tick) throws InterruptedException {
        long deadline = System.nanoTime() + config.waitFor().toNanos();
        long pause = 50;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new JobLocks.Acquisition.HeldElsewhere();
            }
            Thread.sleep(Math.min(pause, left));
            JobLocks.Acquisition again = locks.tryAcquire(config, tick);
            if (!(again instanceof JobLocks.Acquisition.HeldElsewhere)) {
                return again;
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    private void register(String job) {
        long now = System.nanoTime();
        Long last = registeredAt.get(job);
        if (last == null || now - last > REGISTER_INTERVAL_NANOS) {
            locks.register(job);
            registeredAt.put(job, now);
        }
    }

    /** Ticks skipped on this node because Redis was unreachable, per job. */
    public long outageSkips(String job) {
        AtomicLong count = outageSkips.get(job);
        return count == null ? 0 : count.get();
    }

    private ScheduledFuture<?> scheduleKeepAlive(JobRun context) {
        long period = keepAlivePeriod(context.lease().config()).toMillis();
        return keepAliveScheduler.scheduleAtFixedRate(() -> keepAlive(context), period, period, TimeUnit.MILLISECONDS);
    }

    private void keepAlive(JobRun context) {
        if (!context.lockValid()) {
            return;
        }
        try {
            if (!context.lease().extend()) {
                context.markLost();
                LOG.warning("Job '" + context.name() + "' lost its lock while running (stalled longer than"
                        + " lockAtMostFor=" + context.lease().config().lockAtMostFor() + "?): another node may run it"
                        + " now; fencing token " + context.fencingToken() + " is stale");
            }
        } catch (RuntimeException e) {
            LOG.warning("Could not extend the lease of job '" + context.name() + "': " + RedisOutages.describe(e));
        }
    }

    private void release(JobLease lease, JobLocks.Outcome outcome, String error) {
        try {
            if (!lease.release(outcome, error)) {
                LOG.warning("Job '" + lease.name() + "' finished after losing its lock (lease lockAtMostFor="
                        + lease.config().lockAtMostFor() + "); fencing token " + lease.fencingToken()
                        + " is stale");
            }
        } catch (RuntimeException e) {
            RedisOutages.log(
                    LOG,
                    Level.WARNING,
                    "Could not release or record job '" + lease.name() + "'; its lease expires by itself within "
                            + lease.config().lockAtMostFor(),
                    e);
        }
    }

    private void warnOutage(String job, RedisException e) {
        outageSkips.computeIfAbsent(job, j -> new AtomicLong()).incrementAndGet();
        if (outageWarnings
                .computeIfAbsent(job, j -> new io.redkit.redis.internal.WarningThrottle())
                .tryWarn()) {
            LOG.warning("Job '" + job + "' skipped: Redis is unavailable, so this node cannot know whether another"
                    + " runs it (" + RedisOutages.describe(e) + "); further skips are counted, warned once a minute");
        }
    }

    /** Leases are re-armed three times per lockAtMostFor, so one late extension never loses a healthy lock. */
    static Duration keepAlivePeriod(JobLockConfig config) {
        return Duration.ofMillis(Math.max(50, config.lockAtMostFor().toMillis() / 3));
    }
}
