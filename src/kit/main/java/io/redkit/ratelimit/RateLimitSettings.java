package io.redkit.ratelimit;

import io.redkit.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the rate limiter ({@code redkit.ratelimit.*}); the rules are {@link RateLimitRules}. Trusted proxies
 * are {@code redkit.proxy.*} ({@link io.redkit.web.ProxySettings}).
 */
public record RateLimitSettings(
        boolean enabled,
        List<RateLimitRule> rules,
        Duration apiKeyCacheTtl,
        boolean rateLimitHeaders,
        boolean dynamicRules)
        implements io.redkit.config.RedkitSettings {

    public static final String ENABLED = "redkit.ratelimit.enabled";
    public static final String API_KEY_CACHE = "redkit.ratelimit.api-key-cache";
    /** {@code false}: no {@code RateLimit-*} headers on any answer ({@code Retry-After} on refusals stays). */
    public static final String HEADERS = "redkit.ratelimit.headers";

    /**
     * {@code true}: rules' limits, tiers and cost can be changed at runtime ({@link RateLimitRulesAdmin}), held in
     * Redis and followed by every node within a second. Off by default: it makes whoever can write the rules hash a
     * source of limits, and costs each node a subscription and a version check every 0.5 s; off, none of that exists.
     */
    public static final String DYNAMIC_RULES = "redkit.ratelimit.dynamic-rules";

    public static RateLimitSettings from(ConfigReader config) {
        return new RateLimitSettings(
                config.bool(ENABLED, true),
                RateLimitRules.from(config),
                config.duration(API_KEY_CACHE, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                config.bool(HEADERS, true),
                config.bool(DYNAMIC_RULES, false));
    }

    public RateLimitRule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
