package io.redkit.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.metrics.internal.RedkitMetrics;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.FaultyRedis;
import io.redkit.testing.RedisTestServer;
import io.redkit.web.ProxyHeaders;
import io.redkit.web.ProxySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Rules changed at runtime on two "nodes" (two services on two Redisson clients sharing one real Redis): a change on
 * one is applied on the other within a second, also when its announcement is lost; counts go on exactly across a
 * lowered and a raised limit in all four algorithms; a bad change is refused with configuration's own message and
 * stores nothing; switched off, the feature sends Redis nothing; Redis down, a node keeps the rules it last read.
 */
class RateLimitDynamicRulesTest {

    /** What "within a second" allows: the version check's period plus round trips on a busy 2-core machine. */
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    private static final String PREFIX = "rldyn-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> CONFIG = config();

    private static RedissonClient clientA;
    private static RedissonClient clientB;
    private static RateLimitService nodeA;
    private static RateLimitService nodeB;
    private static RateLimitRulesAdmin adminA;
    private static RateLimitRulesAdmin adminB;

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("redkit.ratelimit.dynamic-rules", "true");
        config.put("redkit.ratelimit.rules", "fixed-window,sliding-log,sliding-window,token-bucket,api,moved");
        for (String algorithm : List.of("fixed-window", "sliding-log", "sliding-window", "token-bucket")) {
            // a day's window: no window ends while a test runs (unless it runs across midnight UTC)
            config.put("redkit.ratelimit.rule." + algorithm + ".algorithm", algorithm);
            config.put("redkit.ratelimit.rule." + algorithm + ".limits", "100/1d");
        }
        config.put("redkit.ratelimit.rule.api.key", "header:X-API-Key");
        config.put("redkit.ratelimit.rule.api.tier-source", "api-key");
        config.put("redkit.ratelimit.rule.api.tiers", "free,paid");
        config.put("redkit.ratelimit.rule.api.tier.free.limits", "10/1m");
        config.put("redkit.ratelimit.rule.api.tier.paid.limits", "100/1m,1000/1h");
        config.put("redkit.ratelimit.rule.moved.limits", "5/1h");
        return Map.copyOf(config);
    }

    static RateLimitService node(RedissonClient redisson, Map<String, String> config) {
        RateLimitService node = new RateLimitService();
        node.redisson = redisson;
        node.keys = new RedkitKeys(PREFIX);
        node.settings = RateLimitSettings.from(ConfigReader.of(config));
        node.metrics = new RedkitMetrics() {
            @Override
            public void increment(String name, String... tagPairs) {}

            @Override
            public <T> void gauge(String name, T owner, ToLongFunction<T> value, String... tagPairs) {}
        };
        node.proxyHeaders = new ProxyHeaders(ProxySettings.from(ConfigReader.of(Map.of())));
        node.init();
        return node;
    }

    static RateLimitRulesAdmin admin(RateLimitService node) {
        RateLimitRulesAdmin admin = new RateLimitRulesAdmin();
        admin.service = node;
        return admin;
    }

    @BeforeAll
    static void startTwoNodes() {
        clientA = RedisTestServer.shared().newClient();
        clientB = RedisTestServer.shared().newClient();
        nodeA = node(clientA, CONFIG);
        nodeB = node(clientB, CONFIG);
        adminA = admin(nodeA);
        adminB = admin(nodeB);
    }

    @AfterAll
    static void stopNodes() {
        nodeA.close();
        nodeB.close();
        clientA.shutdown();
        clientB.shutdown();
    }

    private static String limits(RateLimitService node, String rule, String tier) {
        return node.rule(rule).policy(tier);
    }

    @Test
    void update_OnOneNode_IsAppliedOnTheOtherWithinASecond() {
        long start = System.nanoTime();
        RateLimitRule changed = adminA.update("moved", Map.of("limits", "3/1h,50/1d", "cost", "2"));
        assertEquals("3;w=3600, 50;w=86400", changed.policy(RateLimitRule.DEFAULT_TIER));
        assertEquals("3;w=3600, 50;w=86400", limits(nodeA, "moved", "default"), "applied on its own node at once");
        await("node B follows the change")
                .atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> limits(nodeB, "moved", "default").equals("3;w=3600, 50;w=86400"));
        System.out.printf("rule change seen on the other node after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(2, nodeB.rule("moved").cost());
        assertEquals(Map.of("limits", "3/1h,50/1d", "cost", "2"), adminB.changes("moved"));
        assertEquals(adminA.version(), adminB.version());

        adminB.reset("moved");
        await("node A goes back to the configuration")
                .atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> limits(nodeA, "moved", "default").equals("5;w=3600"));
        assertEquals(1, nodeA.rule("moved").cost());
        assertEquals(Map.of(), adminA.changes("moved"));
    }

    @Test
    void tiers_CanBeChangedAndAdded_TheRestKeepsItsConfiguredValues() {
        adminA.update(
                "api",
                Map.of(
                        "tier.paid.limits",
                        "200/1m",
                        "tiers",
                        "free,paid,gold",
                        "tier.gold.limits",
                        "5000/1m",
                        "default-tier",
                        "paid"));
        await().atMost(WITHIN_A_SECOND).until(() -> nodeB.rule("api").tiers().containsKey("gold"));
        RateLimitRule api = nodeB.rule("api");
        assertEquals("10;w=60", api.policy("free"), "not named in the change: as configured");
        assertEquals("200;w=60", api.policy("paid"));
        assertEquals("5000;w=60", api.policy("gold"));
        assertEquals("paid", api.defaultTier());
        assertEquals(RateLimitRule.TierSource.API_KEY, api.tierSource());
        adminA.reset("api");
        await().atMost(WITHIN_A_SECOND).until(() -> !nodeB.rule("api").tiers().containsKey("gold"));
    }

    @Test
    void lostAnnouncement_TheVersionCheckAppliesTheChangeWithinASecond() {
        // written as the change script writes it, without the PUBLISH: as if every node missed the announcement
        clientA.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        "redis.call('HSET', KEYS[1], 'moved', ARGV[1]); return redis.call('HINCRBY', KEYS[1], ARGV[2], 1)",
                        RScript.ReturnType.INTEGER,
                        List.of(PREFIX + ":ratelimit:rules"),
                        "limits=4/1h\n",
                        RuleOverrides.VERSION);
        await("both nodes apply the change without an announcement")
                .atMost(WITHIN_A_SECOND)
                .until(() -> limits(nodeA, "moved", "default").equals("4;w=3600")
                        && limits(nodeB, "moved", "default").equals("4;w=3600"));
        adminA.reset("moved");
        await().atMost(WITHIN_A_SECOND)
                .until(() -> limits(nodeB, "moved", "default").equals("5;w=3600"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed-window", "sliding-log", "sliding-window", "token-bucket"})
    void countsGoOn_LoweredRefusesAtOnce_RaisedAdmitsTheDifference(String rule) {
        String client = "exact-" + UUID.randomUUID();
        assertFalse(nodeA.tryAcquire(rule, client, 50).refused(), "50 of 100 taken on node A");
        assertEquals(
                50, nodeB.peek(nodeB.rule(rule), "default", "app:" + client).remaining(), "50 left, seen on B");

        adminA.update(rule, Map.of("limits", "10/1d"));
        await().atMost(WITHIN_A_SECOND)
                .until(() -> limits(nodeB, rule, "default").equals("10;w=86400"));
        RateLimitService.Verdict lowered = nodeB.tryAcquire(rule, client, 1);
        assertTrue(lowered.refused(), "50 taken is over the new 10: refused at once, " + lowered);
        assertEquals(10, lowered.decision().limit());

        adminB.update(rule, Map.of("limits", "60/1d"));
        await().atMost(WITHIN_A_SECOND)
                .until(() -> limits(nodeA, rule, "default").equals("60;w=86400"));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            RateLimitService verdicts = i % 2 == 0 ? nodeA : nodeB;
            if (!verdicts.tryAcquire(rule, client, 1).refused()) {
                admitted++;
            }
        }
        assertEquals(10, admitted, "raised to 60 after 50 taken: exactly the difference, on either node");
        adminA.reset(rule);
        await().atMost(WITHIN_A_SECOND)
                .until(() -> limits(nodeB, rule, "default").equals("100;w=86400"));
        assertFalse(nodeB.tryAcquire(rule, client, 40).refused(), "back at 100: 40 of it left");
        assertTrue(nodeB.tryAcquire(rule, client, 1).refused(), "and not one more");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "limits|lots/1m",
                "limits|5/10s,100/10s",
                "limits|0/1m",
                "cost|abc",
                "cost|101",
            })
    void badChange_IsRefusedWithConfigurationsMessage_AndNothingIsStored(String property, String value) {
        Map<String, String> configured = new HashMap<>(CONFIG);
        configured.put("redkit.ratelimit.rule.fixed-window." + property, value);
        RedkitConfigException atDeployment =
                assertThrows(RedkitConfigException.class, () -> RateLimitSettings.from(ConfigReader.of(configured)));
        long version = adminA.version();

        RedkitConfigException atRuntime =
                assertThrows(RedkitConfigException.class, () -> adminA.update("fixed-window", Map.of(property, value)));
        assertEquals(atDeployment.getMessage(), atRuntime.getMessage());
        assertEquals("redkit.ratelimit.rule.fixed-window." + property, atRuntime.key());
        assertEquals(value, atRuntime.value());
        assertEquals(version, adminA.version(), "nothing stored");
        assertEquals("100;w=86400", limits(nodeA, "fixed-window", "default"));
    }

    @Test
    void changesOutsideLimitsTiersAndCost_OrOfUnknownRulesAndTiers_AreRefused() {
        RedkitConfigException paths =
                assertThrows(RedkitConfigException.class, () -> adminA.update("moved", Map.of("paths", "/admin/**")));
        assertEquals(
                "Invalid redkit configuration redkit.ratelimit.rule.moved.paths='/admin/**': rule 'moved': only limits"
                        + " and cost can change at runtime",
                paths.getMessage());
        RedkitConfigException tierOfUntiered = assertThrows(
                RedkitConfigException.class, () -> adminA.update("moved", Map.of("tier.free.limits", "1/1m")));
        assertTrue(tierOfUntiered.getMessage().contains("only limits and cost"), tierOfUntiered.getMessage());
        RedkitConfigException noSuchTier = assertThrows(
                RedkitConfigException.class, () -> adminA.update("api", Map.of("tier.gold.limits", "1/1m")));
        assertEquals(
                "Invalid redkit configuration redkit.ratelimit.rule.api.tier.gold.limits='1/1m': rule 'api': not one"
                        + " of the tiers [free, paid]",
                noSuchTier.getMessage());
        RedkitConfigException defaultGone =
                assertThrows(RedkitConfigException.class, () -> adminA.update("api", Map.of("tiers", "paid")));
        assertEquals("redkit.ratelimit.rule.api.default-tier", defaultGone.key(), defaultGone.getMessage());
        RedkitConfigException badTierName = assertThrows(
                RedkitConfigException.class,
                () -> adminA.update("api", Map.of("tiers", "free,paid,{x}", "tier.{x}.limits", "1/1m")));
        assertTrue(badTierName.getMessage().contains("a new tier name must be"), badTierName.getMessage());
        IllegalArgumentException unknownRule =
                assertThrows(IllegalArgumentException.class, () -> adminA.update("nope", Map.of("limits", "1/1m")));
        assertEquals(
                "No rate-limit rule 'nope': add it to redkit.ratelimit.rules and configure it",
                unknownRule.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adminA.update("moved", Map.of()));
        assertEquals("5;w=3600", limits(nodeA, "moved", "default"));
    }

    @Test
    void switchedOff_NoRedisTraffic_AndChangesAreRefused() {
        try (FaultyRedis redis = FaultyRedis.start(false)) {
            RedissonClient client = RedisTestServer.shared().newClient(Map.of(RedisSettings.ADDRESS, redis.address()));
            Map<String, String> off = new HashMap<>(CONFIG);
            off.put("redkit.ratelimit.dynamic-rules", "false");
            RateLimitService node = node(client, off);
            try {
                assertFalse(node.tryAcquire("moved", "off", 1).refused());
                IllegalStateException refused = assertThrows(
                        IllegalStateException.class, () -> admin(node).update("moved", Map.of("limits", "1/1h")));
                assertTrue(refused.getMessage().contains("redkit.ratelimit.dynamic-rules is false"));
                // three version-check periods: a node with the feature on would have checked and subscribed by now
                await("no command of the feature reaches Redis")
                        .during(Duration.ofMillis(3 * RuleOverrides.CHECK_MILLIS))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> featureCommands(redis).isEmpty());

                RateLimitService on = node(client, CONFIG);
                try {
                    await("the same check sees a node with the feature on")
                            .atMost(Duration.ofSeconds(5))
                            .until(() -> featureCommands(redis).containsAll(List.of("hget", "hgetall", "subscribe")));
                } finally {
                    on.close();
                }
            } finally {
                node.close();
                client.shutdown();
            }
        }
    }

    /** The commands of this feature that the server has executed (from INFO commandstats). */
    private static List<String> featureCommands(FaultyRedis redis) {
        String stats = redis.command("INFO", "commandstats");
        return List.of("hget", "hgetall", "subscribe", "publish", "hincrby").stream()
                .filter(command -> stats.contains("cmdstat_" + command + ":"))
                .toList();
    }

    @Test
    void redisDown_TheNodeKeepsTheRulesItLastRead_AndFollowsRedisWhenItIsBack() {
        try (FaultyRedis redis = FaultyRedis.start(false)) {
            RedissonClient client = RedisTestServer.shared().newClient(Map.of(RedisSettings.ADDRESS, redis.address()));
            RateLimitService node = node(client, CONFIG);
            try {
                admin(node).update("moved", Map.of("limits", "2/1h"));
                redis.kill();
                await("the rules last read stay while the version check fails")
                        .during(Duration.ofMillis(3 * RuleOverrides.CHECK_MILLIS))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> limits(node, "moved", "default").equals("2;w=3600"));
                long before = admin(node).version();
                redis.restart(false);
                await("back without its data: the configuration applies again")
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> limits(node, "moved", "default").equals("5;w=3600"));
                admin(node).update("moved", Map.of("limits", "3/1h"));
                assertNotEquals(before, admin(node).version());
                assertTrue(admin(node).version() > before, "versions start at Redis's clock: never reused");
            } finally {
                node.close();
                client.shutdown();
            }
        }
    }
}
