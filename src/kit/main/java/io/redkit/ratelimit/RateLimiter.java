package io.redkit.ratelimit;

import io.redkit.redis.KeyHash;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.LuaScript;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Decides one request against one rule in one Redis round trip (one script call), without CDI: the building block
 * under {@link RateLimitService}, for code that makes its own {@link RateLimitRule}s. Keys: {@code
 * <prefix>:ratelimit:{<rule>:<client>}:<algorithm>:<tier>:<windowMs>ms}, one per limit, all under one Cluster hash
 * tag. A limit changed at runtime goes on counting in the same key, the new count applying to what was already taken
 * (a tier has one limit per window). A client id that is long or has characters unsafe in a key is replaced by its
 * SHA-256. Thread-safe.
 *
 * <pre>{@code
 * RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys("shop"));
 * Decision decision = limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "user:42", false);
 * if (!decision.allowed()) { ... decision.retryAfterSeconds() ... }
 * }</pre>
 */
public final class RateLimiter {

    static final String FEATURE = "ratelimit";
    private static final Pattern SAFE_CLIENT = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    /** Times a decision that never reached Redis is sent again ({@link RedisOutages#neverSent}). */
    static final int UNSENT_RESENDS = 2;

    private final RScript script;
    private final RScript countingScript;
    private final RedkitKeys keys;

    /**
     * A limiter on the given client and key scheme.
     *
     * @param redisson the client
     * @param keys the key scheme
     */
    public RateLimiter(RedissonClient redisson, RedkitKeys keys) {
        this.keys = keys;
        this.script = redisson.getScript(StringCodec.INSTANCE);
        // A counting decision is sent at most once by Redisson: after a reply timeout its retry would run the script a
        // second time (counted twice), and its retries while waiting for a connection or a write would use the retry
        // interval as their window. With no retries the command gets the whole command timeout for each stage, and
        // decide() itself sends again only what provably never left the JVM.
        this.countingScript = redisson.getScript(
                OptionalOptions.defaults().codec(StringCodec.INSTANCE).retryAttempts(0));
    }

    /**
     * Counts the request at the rule's cost (unless {@code dryRun}) and says whether it is admitted.
     *
     * @param rule the rule
     * @param tier the tier
     * @param client the client id (hashed when unsafe in a key)
     * @param dryRun true to read the usage without counting
     * @return the decision
     */
    public Decision decide(RateLimitRule rule, String tier, String client, boolean dryRun) {
        return decide(rule, tier, client, rule.cost(), dryRun);
    }

    /**
     * Counts {@code permits} (unless {@code dryRun}) and says whether they are admitted: all or none, in every limit
     * of the tier.
     *
     * @throws IllegalArgumentException when {@code permits} is below 1 or above a limit's count (it could never be
     *     admitted)
     *
     * @param rule the rule
     * @param tier the tier
     * @param client the client id (hashed when unsafe in a key)
     * @param permits how many permits
     * @param dryRun true to read the usage without counting
     * @return the decision
     */
    public Decision decide(RateLimitRule rule, String tier, String client, int permits, boolean dryRun) {
        List<Limit> limits = rule.limits(tier);
        checkPermits(rule, limits, permits);
        List<Object> keyList = new ArrayList<>(limits.size());
        List<Object> args = new ArrayList<>(3 + 2 * limits.size());
        args.add(dryRun ? "1" : "0");
        // a unique member for the sliding log's sorted set; the other algorithms need none (and UUID.randomUUID
        // would take the shared SecureRandom's lock on every decision)
        args.add(
                rule.algorithm() == Algorithm.SLIDING_LOG
                        ? Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        : "-");
        args.add(permits);
        String tag = rule.id() + ":" + clientId(client);
        String algorithm = rule.algorithm().name().toLowerCase(java.util.Locale.ROOT);
        for (Limit limit : limits) {
            keyList.add(
                    keys.tagged(FEATURE, tag, algorithm, tier, limit.window().toMillis() + "ms"));
            args.add(limit.count());
            args.add(limit.window().toMillis());
        }
        List<Long> r = eval(dryRun ? script : countingScript, rule.algorithm().script(), keyList, args.toArray());
        boolean allowed = r.get(0) == 1L;
        return new Decision(
                allowed,
                r.get(1),
                r.get(2),
                seconds(r.get(3)),
                allowed ? 0 : Math.max(1, seconds(r.get(4))),
                allowed ? null : limits.get((int) (r.get(5) - 1)),
                allowed ? 0 : Math.max(1, r.get(4)));
    }

    /**
     * Runs the decision script; one that failed before any of it reached Redis (no connection in time, its write still
     * queued or failed) counted nothing and is sent again, up to {@value #UNSENT_RESENDS} times. A failure after the
     * command was sent (no reply) is thrown: whether it counted is unknown, and the rule's outage policy decides.
     */
    private static List<Long> eval(RScript script, LuaScript source, List<Object> keyList, Object[] args) {
        for (int resend = 0; ; resend++) {
            try {
                return source.eval(script, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, keyList, args);
            } catch (RedisException e) {
                if (resend >= UNSENT_RESENDS || !RedisOutages.neverSent(e)) {
                    throw e;
                }
            }
        }
    }

    /** A cost of 1 up to the smallest count of the limits: more could never be admitted. */
    static void checkPermits(RateLimitRule rule, List<Limit> limits, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        for (Limit limit : limits) {
            if (permits > limit.count()) {
                throw new IllegalArgumentException("permits " + permits + " exceed the limit " + limit.count() + " per "
                        + limit.windowSeconds() + " s of rule '" + rule.id() + "': such a request could never be"
                        + " admitted");
            }
        }
    }

    /** The client id as it appears in keys. */
    static String clientId(String client) {
        if (SAFE_CLIENT.matcher(client).matches()) {
            return client;
        }
        return "sha256-" + KeyHash.of(client);
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
