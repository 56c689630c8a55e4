package io.redkit.app.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning (Redis unreachable, a flush that keeps failing) through at most once per interval, across
 * threads: an outage must be visible in the log without flooding it.
 */
public final class WarningThrottle {

    private final long intervalNanos;
    private final AtomicLong last;

    public WarningThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos - 1);
    }

    /** Once a minute. */
    public WarningThrottle() {
        this(Duration.ofMinutes(1));
    }

    /** True for the first call, then for the first call after each interval has passed (for one thread only). */
    public boolean tryWarn() {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous > intervalNanos && last.compareAndSet(previous, now);
    }
}
