package io.redkit.jobs;

import io.redkit.config.ConfigReader;
import io.redkit.jobs.internal.JobLockConfig;
import io.redkit.jobs.internal.JobLocks;
import io.redkit.jobs.internal.SingletonRunner;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisMemory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.redisson.api.RedissonClient;

/**
 * Cluster-singleton jobs run through {@link SingletonRunner} (the interceptor's path) and {@link DistributedLocks}
 * locks, for {@link RedisMemory}. Held locks are measured from inside the innermost of {@code count} nested holds.
 */
public final class JobFootprint implements AutoCloseable {

    private final SingletonRunner runner;
    private final DistributedLocks locks = new DistributedLocks();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();

    public JobFootprint(RedissonClient redisson) {
        RedkitKeys keys = new RedkitKeys("redkit");
        JobSettings settings = JobSettings.from(ConfigReader.of(Map.of(JobSettings.NODE_NAME, "12345@node-a")));
        this.runner = new SingletonRunner(new JobLocks(redisson, keys, settings), keepAlive);
        locks.redisson = redisson; // what CDI injects
        locks.keys = keys;
    }

    /** Jobs that each ran {@code runs} ticks (their history holds them, up to the default 100). */
    public RedisMemory.ItemWriter afterRuns(int runs) {
        return i -> {
            JobLockConfig job = job(i);
            for (int tick = 1; tick <= runs; tick++) {
                if (!runner.run(job, tick * 60_000L, () -> null).ran()) {
                    throw new IllegalStateException(job.name() + " did not run tick " + tick);
                }
            }
        };
    }

    /** Jobs measured while running: their lease lock held, their first tick recorded. */
    public RedisMemory.Writer running() {
        return nested((i, inside) -> {
            if (!runner.run(job(i), 60_000L, () -> {
                        inside.run();
                        return null;
                    })
                    .ran()) {
                throw new IllegalStateException("job " + i + " did not run");
            }
        });
    }

    /** {@code DistributedLocks.withLock} locks with a lease, measured while held. */
    public RedisMemory.Writer heldLocks() {
        return nested((i, inside) -> locks.withLock(lockName(i), Duration.ZERO, Duration.ofMinutes(1), () -> {
            inside.run();
            return null;
        }));
    }

    /** {@code DistributedLocks.withFencedLock} locks with a lease, measured while held. */
    public RedisMemory.Writer heldFencedLocks() {
        return nested((i, inside) -> locks.withFencedLock(lockName(i), Duration.ZERO, Duration.ofMinutes(1), token -> {
            inside.run();
            return null;
        }));
    }

    /** What {@code DistributedLocks} leaves once a lock is released (plain or fenced). */
    public RedisMemory.ItemWriter released(boolean fenced) {
        return i -> {
            if (fenced) {
                locks.withFencedLock(lockName(i), Duration.ZERO, Duration.ofMinutes(1), token -> null);
            } else {
                locks.withLock(lockName(i), Duration.ZERO, Duration.ofMinutes(1), () -> null);
            }
        };
    }

    private static JobLockConfig job(int i) {
        return new JobLockConfig("report-" + i, Duration.ofMinutes(10), Duration.ZERO);
    }

    private static String lockName(int i) {
        return "payment-" + i;
    }

    /** One hold of item {@code i}; {@code inside} runs while it is held. */
    @FunctionalInterface
    private interface Hold {
        void hold(int i, Runnable inside) throws Exception;
    }

    /** Holds items 0..count-1 one inside the other (on a thread with room for the depth) and measures innermost. */
    private static RedisMemory.Writer nested(Hold hold) {
        return (count, measure) -> {
            Exception[] failed = new Exception[1];
            Thread thread = new Thread(
                    null,
                    () -> {
                        try {
                            holdFrom(0, count, hold, measure);
                        } catch (Exception e) {
                            failed[0] = e;
                        }
                    },
                    "footprint-holds",
                    512L * 1024 * 1024);
            thread.start();
            thread.join();
            if (failed[0] != null) {
                throw failed[0];
            }
        };
    }

    private static void holdFrom(int i, int count, Hold hold, Runnable measure) throws Exception {
        if (i == count) {
            measure.run();
            return;
        }
        hold.hold(i, () -> {
            try {
                holdFrom(i + 1, count, hold, measure);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
    }
}
