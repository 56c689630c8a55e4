package io.redkit.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitRulesTest {

    private static List<RateLimitRule> rules(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return RateLimitRules.from(ConfigReader.of(map));
    }

    private static RedkitConfigException failure(String... keyValues) {
        return assertThrows(RedkitConfigException.class, () -> rules(keyValues));
    }

    @Test
    void limit_Parse_AcceptsCountPerWindow() {
        assertEquals(new Limit(100, Duration.ofMinutes(1)), Limit.parse("100/1m"));
        assertEquals(new Limit(5, Duration.ofSeconds(10)), Limit.parse(" 5 / 10s "));
        assertEquals(new Limit(1000, Duration.ofHours(1)), Limit.parse("1000/h"));
        assertEquals(60, Limit.parse("7/1m").windowSeconds());
        assertThrows(IllegalArgumentException.class, () -> Limit.parse("100 per minute"));
        assertThrows(IllegalArgumentException.class, () -> Limit.parse("0/1m"));
        assertThrows(IllegalArgumentException.class, () -> Limit.parse("5/10ms"));
    }

    @Test
    void from_FullRule_ReadsEveryField() {
        RateLimitRule rule = rules(
                        "redkit.ratelimit.rules", "api",
                        "redkit.ratelimit.rule.api.paths", "/api/*, /v2/x",
                        "redkit.ratelimit.rule.api.methods", "get,POST",
                        "redkit.ratelimit.rule.api.key", "header:X-API-Key",
                        "redkit.ratelimit.rule.api.algorithm", "token-bucket",
                        "redkit.ratelimit.rule.api.tier-source", "api-key",
                        "redkit.ratelimit.rule.api.tiers", "free,paid",
                        "redkit.ratelimit.rule.api.tier.free.limits", "60/1m",
                        "redkit.ratelimit.rule.api.tier.paid.limits", "600/1m,10000/1h",
                        "redkit.ratelimit.rule.api.on-redis-down", "fail-closed")
                .get(0);
        assertEquals(Algorithm.TOKEN_BUCKET, rule.algorithm());
        assertEquals(new KeySource(KeySource.Kind.HEADER, "X-API-Key"), rule.keySource());
        assertEquals("free", rule.defaultTier());
        assertEquals("600;w=60, 10000;w=3600", rule.policy("paid"));
        assertEquals("60;w=60", rule.policy("unknown-tier"), "an unknown tier falls back to the default");
        assertEquals(RateLimitRule.OnRedisDown.FAIL_CLOSED, rule.onRedisDown());
        assertTrue(rule.matches("/api/orders", "GET"));
        assertTrue(rule.matches("/api", "POST"));
        assertTrue(rule.matches("/v2/x", "GET"));
        assertFalse(rule.matches("/v2/x/y", "GET"));
        assertFalse(rule.matches("/apix", "GET"));
        assertFalse(rule.matches("/api/orders", "DELETE"));
    }

    @Test
    void from_Defaults_AreIpFixedWindowFailOpen() {
        RateLimitRule rule = rules("redkit.ratelimit.rules", "r", "redkit.ratelimit.rule.r.limits", "10/1s")
                .get(0);
        assertEquals(KeySource.Kind.IP, rule.keySource().kind());
        assertEquals(Algorithm.FIXED_WINDOW, rule.algorithm());
        assertEquals(RateLimitRule.OnRedisDown.FAIL_OPEN, rule.onRedisDown());
        assertTrue(rule.paths().isEmpty());
        assertFalse(rule.matches("/anything", "GET"), "a rule without paths is for @RateLimited only");
    }

    @Test
    void from_BadValues_NameRuleAndKey() {
        RedkitConfigException e = failure("redkit.ratelimit.rules", "r", "redkit.ratelimit.rule.r.limits", "ten/1m");
        assertEquals("redkit.ratelimit.rule.r.limits", e.key());
        assertTrue(e.getMessage().contains("rule 'r'"), e.getMessage());

        assertEquals(
                "redkit.ratelimit.rule.r.limits",
                failure("redkit.ratelimit.rules", "r").key());
        assertEquals(
                "redkit.ratelimit.rule.r.key",
                failure(
                                "redkit.ratelimit.rules",
                                "r",
                                "redkit.ratelimit.rule.r.limits",
                                "1/1s",
                                "redkit.ratelimit.rule.r.key",
                                "cookie")
                        .key());
        assertEquals(
                "redkit.ratelimit.rule.r.algorithm",
                failure(
                                "redkit.ratelimit.rules",
                                "r",
                                "redkit.ratelimit.rule.r.limits",
                                "1/1s",
                                "redkit.ratelimit.rule.r.algorithm",
                                "leaky")
                        .key());
        assertEquals(
                "redkit.ratelimit.rule.r.paths",
                failure(
                                "redkit.ratelimit.rules",
                                "r",
                                "redkit.ratelimit.rule.r.limits",
                                "1/1s",
                                "redkit.ratelimit.rule.r.paths",
                                "api/*")
                        .key());
        assertEquals(
                "redkit.ratelimit.rule.r.methods",
                failure(
                                "redkit.ratelimit.rules",
                                "r",
                                "redkit.ratelimit.rule.r.limits",
                                "1/1s",
                                "redkit.ratelimit.rule.r.methods",
                                "FETCH")
                        .key());
        assertEquals(
                "redkit.ratelimit.rules",
                failure("redkit.ratelimit.rules", "Bad Id").key());
        assertEquals(
                "redkit.ratelimit.rules",
                failure("redkit.ratelimit.rules", "a,a", "redkit.ratelimit.rule.a.limits", "1/1s")
                        .key());
        assertEquals(
                "redkit.ratelimit.rule.t.tiers",
                failure("redkit.ratelimit.rules", "t", "redkit.ratelimit.rule.t.tier-source", "role")
                        .key());
        assertEquals(
                "redkit.ratelimit.rule.t.default-tier",
                failure(
                                "redkit.ratelimit.rules",
                                "t",
                                "redkit.ratelimit.rule.t.tier-source",
                                "role",
                                "redkit.ratelimit.rule.t.tiers",
                                "free",
                                "redkit.ratelimit.rule.t.tier.free.limits",
                                "1/1s",
                                "redkit.ratelimit.rule.t.default-tier",
                                "gold")
                        .key());
    }

    @Test
    void unknownKey_DefaultIpRefuseOnHeaderRules_ErrorOnOtherKeys() {
        assertEquals(
                RateLimitRule.UnknownKey.IP,
                rules(
                                "redkit.ratelimit.rules",
                                "a",
                                "redkit.ratelimit.rule.a.key",
                                "header:X-API-Key",
                                "redkit.ratelimit.rule.a.limits",
                                "5/1m")
                        .get(0)
                        .unknownKey());
        assertEquals(
                RateLimitRule.UnknownKey.REFUSE,
                rules(
                                "redkit.ratelimit.rules",
                                "a",
                                "redkit.ratelimit.rule.a.key",
                                "header:X-API-Key",
                                "redkit.ratelimit.rule.a.limits",
                                "5/1m",
                                "redkit.ratelimit.rule.a.unknown-key",
                                "refuse")
                        .get(0)
                        .unknownKey());
        RedkitConfigException e = failure(
                "redkit.ratelimit.rules",
                "a",
                "redkit.ratelimit.rule.a.key",
                "ip",
                "redkit.ratelimit.rule.a.limits",
                "5/1m",
                "redkit.ratelimit.rule.a.unknown-key",
                "trust");
        assertTrue(e.getMessage().contains("redkit.ratelimit.rule.a.unknown-key"), e.getMessage());
        e = failure(
                "redkit.ratelimit.rules",
                "a",
                "redkit.ratelimit.rule.a.key",
                "header:X-API-Key",
                "redkit.ratelimit.rule.a.limits",
                "5/1m",
                "redkit.ratelimit.rule.a.unknown-key",
                "maybe");
        assertTrue(e.getMessage().contains("ip, refuse, trust"), e.getMessage());
    }

    @Test
    void cost_DefaultsToOne_IsRead_AndMayNotExceedALimit() {
        assertEquals(
                1,
                rules("redkit.ratelimit.rules", "a", "redkit.ratelimit.rule.a.limits", "5/1m")
                        .get(0)
                        .cost());
        assertEquals(
                3,
                rules(
                                "redkit.ratelimit.rules",
                                "a",
                                "redkit.ratelimit.rule.a.limits",
                                "5/1m",
                                "redkit.ratelimit.rule.a.cost",
                                "3")
                        .get(0)
                        .cost());
        RedkitConfigException e = failure(
                "redkit.ratelimit.rules",
                "a",
                "redkit.ratelimit.rule.a.limits",
                "5/1m,100/1h",
                "redkit.ratelimit.rule.a.cost",
                "6");
        assertEquals("redkit.ratelimit.rule.a.cost", e.key());
        assertTrue(e.getMessage().contains("never be admitted by the limit 5 per 60 s"), e.getMessage());
        assertEquals(
                "redkit.ratelimit.rule.a.cost",
                failure(
                                "redkit.ratelimit.rules",
                                "a",
                                "redkit.ratelimit.rule.a.limits",
                                "5/1m",
                                "redkit.ratelimit.rule.a.cost",
                                "0")
                        .key());
    }
}
