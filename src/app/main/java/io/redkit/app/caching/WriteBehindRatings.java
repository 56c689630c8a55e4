package io.redkit.app.caching;

import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Write-behind for product ratings: a rating is written to Redis only (the caller gets the new average at once) and
 * the product is marked dirty; a flusher later writes each dirty product's aggregate to the database in batches.
 * Many ratings of one product between two flushes cost one database write (coalescing).
 *
 * <p>Keys, one hash tag {@code {ratings}}: {@code p:<product>} (hash user → stars), {@code dirty} (zset product →
 * when it became dirty), {@code flushing} (zset product → deadline of the flush that claimed it). A claim moves
 * products from {@code dirty} to {@code flushing}; a successful store acks them; a flush that died or failed leaves
 * them in {@code flushing} until the deadline, when the next claim returns them to {@code dirty}: nothing is lost,
 * and since a flush writes absolute values, writing one twice is harmless. A product rated again while being
 * flushed is dirty again and flushed again.
 *
 * <p>The rating hashes have no TTL on purpose: write-behind makes Redis the first copy of the data, the database
 * the durable one; dropping a hash would make the next flush overwrite the database with a partial aggregate.
 */
public final class WriteBehindRatings {

    static final String FEATURE = "behind";
    private static final String TAG = "ratings";

    private static final String NOW =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private static final String AGGREGATE =
            """
            local function aggregate(key)
              local sum = 0
              local vals = redis.call('HVALS', key)
              for _, v in ipairs(vals) do sum = sum + tonumber(v) end
              return #vals, sum
            end
            """;

    /** KEYS: product hash, dirty, versions. ARGV: product, user, stars. → {count, sum, version} */
    private static final String RATE = NOW + AGGREGATE
            + """
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
            local version = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
            local count, sum = aggregate(KEYS[1])
            return {count, sum, version}
            """;

    /** KEYS: dirty, flushing, versions. ARGV: batch, visibility ms, product hash prefix. → {product, count, sum, version...} */
    private static final String CLAIM = NOW + AGGREGATE
            + """
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
              redis.call('ZREM', KEYS[2], id)
              redis.call('ZADD', KEYS[1], 'NX', now, id)
            end
            local out = {}
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
              redis.call('ZREM', KEYS[1], id)
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)
              local count, sum = aggregate(ARGV[3] .. id)
              table.insert(out, id)
              table.insert(out, count)
              table.insert(out, sum)
              table.insert(out, tonumber(redis.call('HGET', KEYS[3], id) or '0'))
            end
            return out
            """;

    /** KEYS: product hash, versions, dirty, flushing. ARGV: product. → {count, sum, version, 1 if not yet flushed} */
    private static final String READ = AGGREGATE
            + """
            local count, sum = aggregate(KEYS[1])
            local pending = 0
            if redis.call('ZSCORE', KEYS[3], ARGV[1]) or redis.call('ZSCORE', KEYS[4], ARGV[1]) then pending = 1 end
            return {count, sum, tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0'), pending}
            """;

    /** KEYS: dirty, flushing. */
    private static final String PENDING = "return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])";

    /**
     * A product's ratings: how many, their sum (the average is {@code sum / count}) and a version that grows with
     * every rating, so a store can refuse to overwrite a newer aggregate with an older one (two flushes of one
     * product can overlap when the first outlives its visibility timeout).
     */
    public record Aggregate(long productId, long count, long sum, long version) {
        public double average() {
            return count == 0 ? 0 : (double) sum / count;
        }
    }

    /** A product's aggregate as readers see it, and whether the database is still behind it. */
    public record Current(Aggregate aggregate, boolean pending) {}

    /** Where flushed aggregates go: the database, in one transaction per batch. */
    @FunctionalInterface
    public interface Store {
        void store(List<Aggregate> batch) throws Exception;
    }

    private final RedissonClient redisson;
    private final RedkitKeys keys;

    public WriteBehindRatings(RedissonClient redisson, RedkitKeys keys) {
        this.redisson = redisson;
        this.keys = keys;
    }

    /** Records {@code user}'s rating of a product (replacing theirs) and returns the product's new aggregate. */
    public Aggregate rate(long productId, String user, int stars) {
        List<Object> r = eval(
                RATE,
                RScript.ReturnType.MULTI,
                List.of(productKey(productId), key("dirty"), key("versions")),
                String.valueOf(productId),
                user,
                String.valueOf(stars));
        return new Aggregate(productId, number(r.get(0)), number(r.get(1)), number(r.get(2)));
    }

    /** The current aggregate in Redis and whether it still waits for a flush: one round trip. */
    public Current current(long productId) {
        List<Object> r = eval(
                READ,
                RScript.ReturnType.MULTI,
                List.of(productKey(productId), key("versions"), key("dirty"), key("flushing")),
                String.valueOf(productId));
        return new Current(
                new Aggregate(productId, number(r.get(0)), number(r.get(1)), number(r.get(2))), number(r.get(3)) == 1);
    }

    /** The current aggregate in Redis (what readers see; the database catches up at the next flush). */
    public Aggregate read(long productId) {
        return current(productId).aggregate();
    }

    /** Whether this product has changes the database does not have yet. */
    public boolean isPending(long productId) {
        return current(productId).pending();
    }

    /** Products waiting for a flush, including those being flushed right now. */
    public long pending() {
        Long pending = eval(PENDING, RScript.ReturnType.INTEGER, List.of(key("dirty"), key("flushing")));
        return pending == null ? 0 : pending;
    }

    /**
     * Claims up to {@code batch} dirty products, stores their aggregates, acks them. Returns how many were stored; a
     * failing store is rethrown and its products are retried once {@code visibility} has passed.
     */
    public int flush(int batch, Duration visibility, Store store) throws Exception {
        List<Object> r = eval(
                CLAIM,
                RScript.ReturnType.MULTI,
                List.of(key("dirty"), key("flushing"), key("versions")),
                String.valueOf(batch),
                String.valueOf(visibility.toMillis()),
                keys.tagged(FEATURE, TAG, "p") + ":");
        if (r.isEmpty()) {
            return 0;
        }
        List<Aggregate> aggregates = new ArrayList<>();
        for (int i = 0; i + 3 < r.size(); i += 4) {
            aggregates.add(new Aggregate(
                    Long.parseLong(String.valueOf(r.get(i))),
                    number(r.get(i + 1)),
                    number(r.get(i + 2)),
                    number(r.get(i + 3))));
        }
        store.store(aggregates);
        redisson.getScoredSortedSet(key("flushing"), StringCodec.INSTANCE)
                .removeAll(aggregates.stream()
                        .map(a -> String.valueOf(a.productId()))
                        .toList());
        return aggregates.size();
    }

    private String productKey(long productId) {
        return keys.tagged(FEATURE, TAG, "p", String.valueOf(productId));
    }

    private String key(String part) {
        return keys.tagged(FEATURE, TAG, part);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    private <R> R eval(String script, RScript.ReturnType type, List<Object> keyList, Object... args) {
        return redisson.getScript(StringCodec.INSTANCE)
                .eval((String) keyList.get(0), RScript.Mode.READ_WRITE, script, type, keyList, args);
    }
}
