package io.redkit.app.caching;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Refresh-ahead: an entry lives for {@code ttl}; a read that finds less than {@code refreshWhenBelow} of it left still
 * returns the cached value at once and starts one background reload that replaces the entry with a fresh TTL. A key
 * read steadily never expires and never makes a reader wait for the loader; only a cold (or expired) key does.
 *
 * <p>One script reads the value and its remaining TTL (one round trip); one {@code SET NX PX} "refreshing" marker
 * per key makes exactly one reader, on any node, start the reload. Keys: {@code <prefix>:refresh:{<space>}:v:<key>}
 * and {@code ...:r:<key>}.
 */
public final class RefreshAheadCache {

    private static final Logger LOG = Logger.getLogger(RefreshAheadCache.class.getName());

    static final String FEATURE = "refresh";

    /** KEYS: value, marker. ARGV: refresh-below ms, marker ms. → {value, pttl, 1 if this caller must refresh} */
    private static final String READ =
            """
            local v = redis.call('GET', KEYS[1])
            if not v then return {false, -2, 0} end
            local pttl = redis.call('PTTL', KEYS[1])
            local refresh = 0
            if pttl >= 0 and pttl < tonumber(ARGV[1]) then
              if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then refresh = 1 end
            end
            return {v, pttl, refresh}
            """;

    /** What a read returned: the value, how long it has left, and whether this read started a refresh. */
    public record Read(String value, long ttlRemainingMillis, boolean refreshStarted, boolean loaded) {}

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final String space;
    private final Duration ttl;
    private final Duration refreshWhenBelow;
    private final Executor executor;

    public RefreshAheadCache(
            RedissonClient redisson,
            RedkitKeys keys,
            String space,
            Duration ttl,
            Duration refreshWhenBelow,
            Executor executor) {
        if (ttl.toMillis() <= 0 || refreshWhenBelow.isNegative() || refreshWhenBelow.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException(
                    "refresh-ahead needs 0 <= refreshWhenBelow < ttl, not " + refreshWhenBelow + " and " + ttl);
        }
        this.redisson = redisson;
        this.keys = keys;
        this.space = space;
        this.ttl = ttl;
        this.refreshWhenBelow = refreshWhenBelow;
        this.executor = executor;
    }

    /**
     * The cached value; on a miss, {@code loader}'s (stored for {@code ttl}). A {@code null} from the loader is
     * returned as {@code null} and not cached.
     */
    public Read get(String key, Function<String, String> loader) {
        List<Object> result = redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        valueKey(key),
                        RScript.Mode.READ_WRITE,
                        READ,
                        RScript.ReturnType.MULTI,
                        List.of(valueKey(key), markerKey(key)),
                        refreshWhenBelow.toMillis(),
                        ttl.toMillis());
        String value = (String) result.get(0);
        if (value == null) {
            String loaded = load(key, loader);
            return new Read(loaded, loaded == null ? -2 : ttl.toMillis(), false, true);
        }
        boolean refresh = ((Number) result.get(2)).longValue() == 1;
        if (refresh) {
            try {
                executor.execute(() -> refresh(key, loader));
            } catch (RejectedExecutionException e) {
                clearMarker(key); // the next reader tries again
                refresh = false;
            }
        }
        return new Read(value, ((Number) result.get(1)).longValue(), refresh, false);
    }

    /** Drops the entry (the next read loads synchronously). */
    public boolean evict(String key) {
        return redisson.getBucket(valueKey(key), StringCodec.INSTANCE).delete();
    }

    private String load(String key, Function<String, String> loader) {
        String value = loader.apply(key);
        if (value != null) {
            redisson.<String>getBucket(valueKey(key), StringCodec.INSTANCE).set(value, ttl);
        }
        return value;
    }

    private void refresh(String key, Function<String, String> loader) {
        try {
            String value = loader.apply(key);
            if (value == null) {
                evict(key); // the source no longer has it
            } else {
                redisson.<String>getBucket(valueKey(key), StringCodec.INSTANCE).set(value, ttl);
            }
        } catch (RuntimeException e) {
            // the old value serves until it expires; a later read (marker gone) retries
            RedisOutages.log(LOG, Level.WARNING, "Refresh-ahead of '" + key + "' in '" + space + "' failed", e);
        } finally {
            clearMarker(key);
        }
    }

    private void clearMarker(String key) {
        try {
            redisson.getBucket(markerKey(key), StringCodec.INSTANCE).delete();
        } catch (RuntimeException e) {
            RedisOutages.log(
                    LOG, Level.FINE, "Could not clear the refresh marker of " + key + "; it expires by itself", e);
        }
    }

    private String valueKey(String key) {
        return keys.tagged(FEATURE, space, "v", key);
    }

    private String markerKey(String key) {
        return keys.tagged(FEATURE, space, "r", key);
    }
}
