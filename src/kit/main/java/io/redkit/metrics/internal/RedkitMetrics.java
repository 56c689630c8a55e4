package io.redkit.metrics.internal;

import java.util.function.ToLongFunction;

/**
 * The kit's metrics, independent of any metrics API: a server with MicroProfile Metrics gets them as MP metrics
 * (Prometheus names such as {@code redkit_cache_hits}, {@code redkit_jobs_ticks_total}); a server with none gets
 * {@link NoMetrics}. Tags are given as name/value pairs: {@code increment("redkit.jobs.ticks", "job", j,
 * "outcome", o)}.
 */
public interface RedkitMetrics {

    /** Adds one to the counter {@code name} with these tags (created on first use). */
    void increment(String name, String... tagPairs);

    /**
     * Registers a gauge reading {@code value} from {@code owner}; a gauge already registered under the same name and
     * tags is kept (a re-created cache keeps its gauge).
     */
    <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs);

    /**
     * Records one duration in the timer {@code name} with these tags (created on first use): count, total and
     * distribution, as the backend keeps timers. Without a metrics API: nothing.
     */
    default void time(String name, java.time.Duration duration, String... tagPairs) {
        pairs(tagPairs);
    }

    /** Checks that tags come in name/value pairs; every backend calls it. */
    static String[] pairs(String... tagPairs) {
        if (tagPairs.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "metric tags come in name/value pairs, got " + tagPairs.length + " strings");
        }
        return tagPairs;
    }
}
