package io.redkit.ratelimit;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Settings of the rate limiter ({@code redkit.ratelimit.*}); the rules are {@link RateLimitRules}. */
public record RateLimitSettings(
        boolean enabled, List<RateLimitRule> rules, List<String> trustedProxies, Duration apiKeyCacheTtl)
        implements io.redkit.config.RedkitSettings {

    public static final String ENABLED = "redkit.ratelimit.enabled";
    public static final String TRUSTED_PROXIES = "redkit.ratelimit.trusted-proxies";
    public static final String API_KEY_CACHE = "redkit.ratelimit.api-key-cache";

    public static RateLimitSettings from(ConfigReader config) {
        String proxiesText = config.string(TRUSTED_PROXIES, "");
        List<String> proxies = Arrays.stream(proxiesText.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        try {
            new ClientIp(proxies);
        } catch (IllegalArgumentException e) {
            throw new RedkitConfigException(TRUSTED_PROXIES, proxiesText, e.getMessage());
        }
        return new RateLimitSettings(
                config.bool(ENABLED, true),
                RateLimitRules.from(config),
                proxies,
                config.duration(API_KEY_CACHE, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)));
    }

    public RateLimitRule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
