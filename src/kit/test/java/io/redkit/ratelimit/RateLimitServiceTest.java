package io.redkit.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.metrics.internal.RedkitMetrics;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import io.redkit.web.ProxyHeaders;
import io.redkit.web.ProxySettings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The limiter's programmatic API for business code on a real Redis: {@code tryAcquire} takes permits or says no at
 * once, {@code acquire} waits for them within its timeout (and only as long as Redis says they take to come back).
 */
class RateLimitServiceTest {

    private static RedissonClient redisson;
    private static RateLimitService limits;

    @BeforeAll
    static void start() {
        redisson = RedisTestServer.shared().newClient();
        limits = new RateLimitService();
        limits.redisson = redisson;
        limits.keys = new RedkitKeys("rlservice-" + UUID.randomUUID().toString().substring(0, 8));
        limits.settings = RateLimitSettings.from(ConfigReader.of(Map.of(
                "redkit.ratelimit.rules", "exports,slow",
                "redkit.ratelimit.rule.exports.algorithm", "token-bucket",
                "redkit.ratelimit.rule.exports.limits", "4/2s",
                "redkit.ratelimit.rule.slow.algorithm", "token-bucket",
                "redkit.ratelimit.rule.slow.limits", "1/30s")));
        limits.metrics = new RedkitMetrics() {
            @Override
            public void increment(String name, String... tagPairs) {}

            @Override
            public <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs) {}
        };
        limits.proxyHeaders = new ProxyHeaders(ProxySettings.from(ConfigReader.of(Map.of())));
        limits.init();
    }

    @AfterAll
    static void stop() {
        redisson.shutdown();
    }

    @Test
    void tryAcquire_TakesPermitsOrSaysNoAtOnce_PerKey() {
        RateLimitService.Verdict first = limits.tryAcquire("exports", "tenant-a", 3);
        assertFalse(first.refused(), first.toString());
        assertEquals(1, first.decision().remaining());
        RateLimitService.Verdict second = limits.tryAcquire("exports", "tenant-a", 3);
        assertTrue(second.refused(), "3 more do not fit in the one left: " + second);
        assertTrue(second.decision().retryAfterMillis() > 0, second.toString());
        assertFalse(limits.tryAcquire("exports", "tenant-b", 4).refused(), "another key has its own budget");
    }

    @Test
    void acquire_WaitsUntilThePermitsAreBack_WithinTheTimeout() throws Exception {
        assertFalse(limits.tryAcquire("exports", "waiter", 4).refused());
        // 4 per 2 s refill one permit every 500 ms: the next two come back within a second
        RateLimitService.Verdict waited = limits.acquire("exports", "waiter", 2, Duration.ofSeconds(10));
        assertFalse(waited.refused(), "admitted after waiting: " + waited);
    }

    @Test
    void acquire_GivesUpAtOnce_WhenThePermitsComeBackAfterTheTimeout() throws Exception {
        assertFalse(limits.tryAcquire("slow", "impatient", 1).refused());
        long start = System.nanoTime();
        RateLimitService.Verdict gaveUp = limits.acquire("slow", "impatient", 1, Duration.ofSeconds(2));
        assertTrue(gaveUp.refused(), "one permit per 30 s is not back within 2 s: " + gaveUp);
        assertTrue(
                System.nanoTime() - start < Duration.ofSeconds(2).toNanos(),
                "it does not sleep for a wait that cannot end in time");
    }

    @Test
    void unknownRuleOrImpossibleCost_IsRefusedWithAMessage() {
        IllegalArgumentException rule =
                assertThrows(IllegalArgumentException.class, () -> limits.tryAcquire("nope", "k", 1));
        assertTrue(rule.getMessage().contains("redkit.ratelimit.rules"), rule.getMessage());
        IllegalArgumentException cost =
                assertThrows(IllegalArgumentException.class, () -> limits.tryAcquire("exports", "k", 5));
        assertTrue(cost.getMessage().contains("exceed the limit 4"), cost.getMessage());
    }
}
