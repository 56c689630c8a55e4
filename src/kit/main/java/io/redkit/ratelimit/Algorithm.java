package io.redkit.ratelimit;

import io.redkit.redis.internal.LuaScript;

/**
 * The rate-limiting algorithms, each one Lua script (one Redis round trip per decision, Redis server time so node
 * clocks do not matter). Every script takes one key per limit and returns {@code {allowed, limit, remaining,
 * resetMillis, retryAfterMillis, violatedIndex}} for the most constraining limit.
 */
public enum Algorithm {
    /**
     * Counter per clock-aligned window ({@code 100/1m}: 12:00:00-12:00:59). Exact per window; a client may send up
     * to twice the limit across a window edge. O(1) memory.
     */
    FIXED_WINDOW(Scripts.FIXED_WINDOW, true),

    /** A sorted set of request times: exact over any sliding window. O(limit) memory per client. */
    SLIDING_LOG(Scripts.SLIDING_LOG, true),

    /**
     * Two adjacent fixed-window counters, the previous one weighted by how much of it still overlaps the sliding
     * window. O(1) memory; approximate: it assumes the previous window's requests were evenly spread. Never admits
     * more than the limit within one aligned window.
     */
    SLIDING_WINDOW(Scripts.SLIDING_WINDOW, false),

    /** A bucket of {@code count} tokens refilled at {@code count} per window: bursts up to the capacity. */
    TOKEN_BUCKET(Scripts.TOKEN_BUCKET, true);

    private final LuaScript script;
    private final boolean exact;

    Algorithm(String script, boolean exact) {
        this.script = new LuaScript(script);
        this.exact = exact;
    }

    LuaScript script() {
        return script;
    }

    /**
     * Whether the algorithm never admits more than the limit in its own definition of a window.
     *
     * @return true for the exact algorithms
     */
    public boolean exact() {
        return exact;
    }
}
