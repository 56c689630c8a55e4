package io.redkit.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

/** Every algorithm against a real Redis: limits, boundaries, headers' numbers, and exactness under concurrency. */
class RateLimiterTest {

    private static RedissonClient nodeA;
    private static RedissonClient nodeB;
    private static RateLimiter limiterA;
    private static RateLimiter limiterB;

    @BeforeAll
    static void connect() {
        nodeA = RedisTestServer.shared().newClient();
        nodeB = RedisTestServer.shared().newClient();
        limiterA = new RateLimiter(nodeA, new RedkitKeys("rltest"));
        limiterB = new RateLimiter(nodeB, new RedkitKeys("rltest"));
    }

    @AfterAll
    static void close() {
        nodeA.shutdown();
        nodeB.shutdown();
    }

    private static RateLimitRule rule(Algorithm algorithm, String... limits) {
        List<Limit> parsed = new ArrayList<>();
        for (String limit : limits) {
            parsed.add(Limit.parse(limit));
        }
        return new RateLimitRule(
                "r" + UUID.randomUUID().toString().substring(0, 8),
                List.of("/x"),
                Set.of(),
                new KeySource(KeySource.Kind.IP, null),
                algorithm,
                Map.of(RateLimitRule.DEFAULT_TIER, parsed),
                RateLimitRule.TierSource.NONE,
                RateLimitRule.DEFAULT_TIER,
                RateLimitRule.OnRedisDown.FAIL_OPEN);
    }

    private static Decision hit(RateLimitRule rule, String client) {
        return limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, client, false);
    }

    /** Sleeps until just after the start of the next aligned window of {@code window}, so a burst stays in one. */
    private static void alignTo(Duration window) throws InterruptedException {
        long ms = window.toMillis();
        long now = System.currentTimeMillis();
        Thread.sleep(ms - now % ms + 20);
    }

    /** If the next aligned edge of {@code window} is closer than {@code margin}, waits until just after it. */
    private static void avoidEdge(Duration window, Duration margin) throws InterruptedException {
        long ms = window.toMillis();
        long left = ms - System.currentTimeMillis() % ms;
        if (left < margin.toMillis()) {
            Thread.sleep(left + 20);
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void decide_BurstOverLimit_AdmitsExactlyLimitThenRefusesWithRetryAfter(Algorithm algorithm) throws Exception {
        RateLimitRule rule = rule(algorithm, "5/4s");
        if (algorithm == Algorithm.FIXED_WINDOW || algorithm == Algorithm.SLIDING_WINDOW) {
            alignTo(Duration.ofSeconds(4));
        }
        for (int i = 1; i <= 5; i++) {
            Decision d = hit(rule, "c");
            assertTrue(d.allowed(), algorithm + " request " + i);
            assertEquals(5, d.limit());
            assertEquals(5 - i, d.remaining(), algorithm + " remaining after " + i);
            assertTrue(d.resetSeconds() >= 1 && d.resetSeconds() <= 4, "reset " + d.resetSeconds());
        }
        Decision refused = hit(rule, "c");
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(Limit.parse("5/4s"), refused.violated());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 4, "" + refused);
        assertTrue(hit(rule, "other-client").allowed(), "clients are counted apart");
    }

    /**
     * The scripts go as {@code EVALSHA}: after {@code SCRIPT FLUSH} (as after a restart or a failover to a node that
     * never ran them) Redis answers {@code NOSCRIPT}, the script did not run, and it is sent once more with its text.
     */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void decide_AfterScriptFlush_SendsTheScriptAgainAndCountsOnce(Algorithm algorithm) throws Exception {
        RateLimitRule rule = rule(algorithm, "10/1h");
        if (algorithm == Algorithm.FIXED_WINDOW || algorithm == Algorithm.SLIDING_WINDOW) {
            avoidEdge(Duration.ofHours(1), Duration.ofSeconds(10));
        }
        assertEquals(9, hit(rule, "c").remaining());
        nodeB.getScript().scriptFlush();
        Decision after = hit(rule, "c");
        assertTrue(after.allowed(), after.toString());
        assertEquals(8, after.remaining(), algorithm + ": the decision after the flush counted once");
        assertEquals(7, hit(rule, "c").remaining());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void decide_RequestCost_TakesThatManyPermitsFromEveryLimit_AllOrNone(Algorithm algorithm) throws Exception {
        // long windows: the token bucket refills a quarter permit a second, far from what the checks below need
        RateLimitRule rule = rule(algorithm, "10/40s", "100/1h");
        if (algorithm == Algorithm.FIXED_WINDOW || algorithm == Algorithm.SLIDING_WINDOW) {
            avoidEdge(Duration.ofSeconds(40), Duration.ofSeconds(3));
        }
        for (int i = 1; i <= 3; i++) {
            Decision d = limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 3, false);
            assertTrue(d.allowed(), algorithm + " request " + i + " of cost 3: " + d);
            assertEquals(10 - 3 * i, d.remaining(), algorithm + " remaining after " + i);
        }
        Decision refused = limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 3, false);
        assertFalse(refused.allowed(), algorithm + ": 3 more do not fit in the 1 left: " + refused);
        assertEquals(Limit.parse("10/40s"), refused.violated());
        assertTrue(refused.retryAfterMillis() > 0 && refused.retryAfterMillis() <= 40_000, "" + refused);
        Decision one = limiterB.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 1, false);
        assertTrue(one.allowed(), algorithm + ": the refused cost took nothing, one permit is still there: " + one);
        assertEquals(0, one.remaining());
        Decision hour =
                limiterA.decide(rule(algorithm, "100/1h"), RateLimitRule.DEFAULT_TIER, "fresh-" + algorithm, 1, true);
        assertEquals(100, hour.remaining(), "another rule's keys are apart");
        Decision sameRuleHour = limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 1, true);
        assertFalse(sameRuleHour.allowed());
        assertEquals(0, sameRuleHour.remaining(), "the tighter limit is reported");
    }

    @Test
    void decide_PermitsBelowOneOrAboveALimit_AreRefusedBeforeRedis() {
        RateLimitRule rule = rule(Algorithm.FIXED_WINDOW, "10/40s");
        IllegalArgumentException tooMany = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 11, false));
        assertTrue(tooMany.getMessage().contains("exceed the limit 10 per 40 s"), tooMany.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", 0, false));
    }

    @Test
    void fixedWindow_NextWindow_StartsAfresh() throws Exception {
        RateLimitRule rule = rule(Algorithm.FIXED_WINDOW, "2/1s");
        alignTo(Duration.ofSeconds(1));
        assertTrue(hit(rule, "c").allowed());
        assertTrue(hit(rule, "c").allowed());
        Decision refused = hit(rule, "c");
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds(), "the window ends within a second");
        alignTo(Duration.ofSeconds(1));
        assertTrue(hit(rule, "c").allowed());
    }

    @Test
    void slidingLog_FreesASlotExactlyWhenTheOldestRequestLeavesTheWindow() throws Exception {
        RateLimitRule rule = rule(Algorithm.SLIDING_LOG, "2/1s");
        assertTrue(hit(rule, "c").allowed());
        Thread.sleep(500);
        assertTrue(hit(rule, "c").allowed());
        assertFalse(hit(rule, "c").allowed());
        Thread.sleep(600);
        assertTrue(hit(rule, "c").allowed(), "the first request left the 1 s window");
        assertFalse(hit(rule, "c").allowed(), "the second is still in it");
    }

    @Test
    void tokenBucket_BurstThenRefillAtTheConfiguredRate() throws Exception {
        RateLimitRule rule = rule(Algorithm.TOKEN_BUCKET, "4/2s");
        for (int i = 0; i < 4; i++) {
            assertTrue(hit(rule, "c").allowed(), "burst " + i);
        }
        Decision empty = hit(rule, "c");
        assertFalse(empty.allowed());
        assertEquals(1, empty.retryAfterSeconds(), "one token refills in 0.5 s");
        Thread.sleep(550);
        assertTrue(hit(rule, "c").allowed(), "one token back after 0.5 s");
        assertFalse(hit(rule, "c").allowed());
    }

    @Test
    void slidingWindow_PreviousWindowStillWeighs() throws Exception {
        RateLimitRule rule = rule(Algorithm.SLIDING_WINDOW, "4/1s");
        alignTo(Duration.ofSeconds(1));
        for (int i = 0; i < 4; i++) {
            assertTrue(hit(rule, "c").allowed());
        }
        alignTo(Duration.ofSeconds(1));
        Decision early = hit(rule, "c");
        assertFalse(early.allowed(), "20 ms after the edge the previous window still counts 4 x 0.98: " + early);
        assertEquals(1, early.retryAfterSeconds(), "a slot frees 250 ms into the window");
        Thread.sleep(300);
        assertTrue(hit(rule, "c").allowed(), "at 320 ms: 4 x 0.68 + 1 <= 4");
        assertFalse(hit(rule, "c").allowed(), "then 4 x 0.68 + 1 + 1 > 4");
    }

    @Test
    void decide_TwoLimits_TheTighterOneDecidesAndIsReported() throws Exception {
        RateLimitRule rule = rule(Algorithm.SLIDING_LOG, "2/1s", "3/10s");
        assertTrue(hit(rule, "c").allowed());
        Decision second = hit(rule, "c");
        assertEquals(2, second.limit(), "the 1 s limit has the fewest remaining");
        assertEquals(0, second.remaining());
        Decision refused = hit(rule, "c");
        assertEquals(Limit.parse("2/1s"), refused.violated());
        Thread.sleep(1100);
        assertTrue(hit(rule, "c").allowed());
        Decision refusedLong = hit(rule, "c");
        assertFalse(refusedLong.allowed());
        assertEquals(Limit.parse("3/10s"), refusedLong.violated());
        assertTrue(refusedLong.retryAfterSeconds() >= 8, "" + refusedLong);
    }

    @Test
    void decide_DryRun_CountsNothing() {
        RateLimitRule rule = rule(Algorithm.FIXED_WINDOW, "1/10s");
        for (int i = 0; i < 3; i++) {
            Decision peek = limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", true);
            assertTrue(peek.allowed());
            assertEquals(1, peek.remaining());
            assertNull(peek.violated());
        }
        assertTrue(hit(rule, "c").allowed());
        assertFalse(limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "c", true).allowed());
    }

    @Test
    void decide_KeysShareOneHashTagAndExpire() {
        RateLimitRule rule = rule(Algorithm.FIXED_WINDOW, "5/10s", "50/1h");
        hit(rule, "ip:10.0.0.1");
        Iterable<String> keys = nodeA.getKeys().getKeysByPattern("rltest:ratelimit:{" + rule.id() + ":*");
        int count = 0;
        for (String key : keys) {
            count++;
            assertTrue(key.startsWith("rltest:ratelimit:{" + rule.id() + ":ip:10.0.0.1}:fixed_window:default:"), key);
            long ttl = nodeA.getBucket(key).remainTimeToLive();
            assertTrue(ttl > 0, key + " has a TTL");
        }
        assertEquals(2, count);
    }

    @Test
    void clientId_UnsafeOrLong_IsHashed() {
        assertEquals("ip:10.0.0.1", RateLimiter.clientId("ip:10.0.0.1"));
        assertTrue(RateLimiter.clientId("key:{evil}").startsWith("sha256-"));
        assertTrue(RateLimiter.clientId("key:" + "x".repeat(200)).startsWith("sha256-"));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void decide_TwoNodesTimesFiftyThreads_NeverOverAdmits(Algorithm algorithm) throws Exception {
        RateLimitRule rule = rule(algorithm, "100/1m");
        if (algorithm == Algorithm.FIXED_WINDOW || algorithm == Algorithm.SLIDING_WINDOW) {
            avoidEdge(Duration.ofMinutes(1), Duration.ofSeconds(5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int t = 0; t < 100; t++) {
                RateLimiter limiter = t % 2 == 0 ? limiterA : limiterB;
                admitted.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int i = 0; i < 4; i++) {
                        if (limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "shared", false)
                                .allowed()) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get();
            }
            assertEquals(100, total, algorithm + ": 400 attempts on one key, limit 100");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every attempt of a decision waits for the only pooled connection, held by a blocking read far longer than the
     * attempts take: the decision fails as never sent (so a caller may count it as an outage without fear of a second
     * count) and nothing was counted in Redis.
     */
    @Test
    void decide_NoConnectionForAnyAttempt_FailsNeverSentAndCountsNothing() {
        RedissonClient small = org.redisson.Redisson.create(io.redkit.redis.internal.RedissonConfigs.create(
                io.redkit.redis.RedisSettings.from(io.redkit.config.ConfigReader.of(Map.of(
                        io.redkit.redis.RedisSettings.ADDRESS,
                                RedisTestServer.shared().address(),
                        io.redkit.redis.RedisSettings.TIMEOUT, "200ms",
                        io.redkit.redis.RedisClientTuning.POOL_SIZE, "1",
                        io.redkit.redis.RedisClientTuning.MIN_IDLE, "1"))),
                null,
                getClass().getClassLoader()));
        try {
            RateLimitRule rule = rule(Algorithm.SLIDING_LOG, "5/1h");
            RateLimiter limiter = new RateLimiter(small, new RedkitKeys("rltest"));
            var blocked = small.<String>getBlockingQueue(
                            "rltest:never-filled", org.redisson.client.codec.StringCodec.INSTANCE)
                    .pollAsync(10, java.util.concurrent.TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "1"
                    .equals(nodeA.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE)
                            .getInstance()
                            .info(org.redisson.api.redisnode.RedisNode.InfoSection.CLIENTS)
                            .get("blocked_clients")));
            org.redisson.client.RedisException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.redisson.client.RedisException.class,
                    () -> limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "unsent", false));
            assertTrue(io.redkit.redis.RedisOutages.neverSent(e), io.redkit.redis.RedisOutages.describe(e));
            blocked.cancel(true);
            assertEquals(
                    5,
                    limiterA.decide(rule, RateLimitRule.DEFAULT_TIER, "unsent", true)
                            .remaining(),
                    "nothing counted");
        } finally {
            small.shutdown();
        }
    }
}
