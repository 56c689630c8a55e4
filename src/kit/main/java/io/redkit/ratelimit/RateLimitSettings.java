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

    /** Key {@value}: {@code false} turns the rate-limit filter and {@code @RateLimited} off. */
    public static final String ENABLED = "redkit.ratelimit.enabled";
    /** Key {@value}: how long the tier of an API key is remembered on a node. */
    public static final String API_KEY_CACHE = "redkit.ratelimit.api-key-cache";
    /** {@code false}: no {@code RateLimit-*} headers on any answer ({@code Retry-After} on refusals stays). */
    public static final String HEADERS = "redkit.ratelimit.headers";

    /**
     * {@code true}: rules' limits, tiers and cost can be changed at runtime ({@link RateLimitRulesAdmin}), held in
     * Redis and followed by every node within a second. Off by default: it makes whoever can write the rules hash a
     * source of limits, and costs each node a subscription and a version check every 0.5 s; off, none of that exists.
     */
    public static final String DYNAMIC_RULES = "redkit.ratelimit.dynamic-rules";

    /**
     * Reads and checks the {@code redkit.ratelimit.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static RateLimitSettings from(ConfigReader config) {
        return new RateLimitSettings(
                config.bool(ENABLED, true),
                RateLimitRules.from(config),
                config.duration(API_KEY_CACHE, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                config.bool(HEADERS, true),
                config.bool(DYNAMIC_RULES, false));
    }

    /**
     * A configured rule.
     *
     * @param id the rule id
     * @return the rule, or null
     */
    public RateLimitRule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
