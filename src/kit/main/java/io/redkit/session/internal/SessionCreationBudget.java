package io.redkit.session.internal;

import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.Decision;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedkitKeys;
import io.redkit.session.TooManyNewSessionsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RedissonClient;

/**
 * How many sessions one client address may create ({@code redkit.session.creation-limit}), counted in Redis across
 * nodes by the rate limiter (sliding window, rule {@code session-creation}): asked once per new session, when it is
 * first stored, so an anonymous flood cannot fill Redis with sessions. Requests of existing sessions never ask.
 */
final class SessionCreationBudget {

    private final RateLimiter limiter;
    private final RateLimitRule rule;

    SessionCreationBudget(RedissonClient redisson, RedkitKeys keys, List<Limit> limits) {
        this.limiter = new RateLimiter(redisson, keys);
        this.rule = new RateLimitRule(
                "session-creation",
                List.of(),
                Set.of(),
                new KeySource(KeySource.Kind.IP, null),
                Algorithm.SLIDING_WINDOW,
                Map.of(RateLimitRule.DEFAULT_TIER, limits),
                RateLimitRule.TierSource.NONE,
                RateLimitRule.DEFAULT_TIER,
                RateLimitRule.OnRedisDown.FAIL_OPEN);
    }

    /** Counts one new session of {@code clientIp}; throws when the client has none left. */
    void take(String clientIp) {
        Decision decision = limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "ip:" + clientIp, false);
        if (!decision.allowed()) {
            throw new TooManyNewSessionsException(decision.retryAfterSeconds());
        }
    }
}
