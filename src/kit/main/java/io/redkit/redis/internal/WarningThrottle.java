package io.redkit.redis.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning (Redis unreachable, unreadable entries) through at most once per interval, across threads:
 * an outage must be visible in the log without flooding it.
 */
public final class WarningThrottle {

    public static final Duration ONCE_A_MINUTE = Duration.ofMinutes(1);

    private final long intervalNanos;
    private final AtomicLong last;

    public WarningThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos - 1);
    }

    public WarningThrottle() {
        this(ONCE_A_MINUTE);
    }

    /** True for the first call, then for the first call after each interval has passed (for one thread only). */
    public boolean tryWarn() {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous > intervalNanos && last.compareAndSet(previous, now);
    }
}
