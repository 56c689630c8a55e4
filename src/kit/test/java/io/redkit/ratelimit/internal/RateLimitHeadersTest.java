package io.redkit.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.Decision;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The answer's headers with {@code redkit.ratelimit.headers} on (the default) and off. */
class RateLimitHeadersTest {

    private static final RateLimitRule RULE = new RateLimitRule(
            "h",
            List.of("/x"),
            Set.of(),
            new KeySource(KeySource.Kind.IP, null),
            Algorithm.FIXED_WINDOW,
            Map.of(RateLimitRule.DEFAULT_TIER, List.of(Limit.parse("5/1m"))),
            RateLimitRule.TierSource.NONE,
            RateLimitRule.DEFAULT_TIER,
            RateLimitRule.OnRedisDown.FAIL_OPEN);

    private static Map<String, String> headers(boolean allowed, boolean rateLimitHeaders) {
        Decision decision = new Decision(
                allowed, 5, allowed ? 4 : 0, 60, allowed ? 0 : 42, allowed ? null : Limit.parse("5/1m"), 41_500);
        Map<String, String> headers = new TreeMap<>();
        RateLimitHeaders.apply(
                new RateLimitService.Verdict(RULE, "ip:1", RateLimitRule.DEFAULT_TIER, decision, false, false),
                headers::put,
                rateLimitHeaders);
        return headers;
    }

    @Test
    void on_TheDraftHeaders_AndRetryAfterWhenRefused() {
        assertEquals(
                Map.of(
                        "RateLimit-Limit",
                        "5",
                        "RateLimit-Remaining",
                        "4",
                        "RateLimit-Reset",
                        "60",
                        "RateLimit-Policy",
                        "5;w=60"),
                headers(true, true));
        assertEquals("42", headers(false, true).get("Retry-After"));
    }

    @Test
    void off_NoRateLimitHeaders_ButARefusalStillSaysWhenToRetry() {
        assertTrue(headers(true, false).isEmpty(), headers(true, false).toString());
        assertEquals(Map.of("Retry-After", "42"), headers(false, false));
    }
}
