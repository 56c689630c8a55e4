package io.redkit.ratelimit;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the rules named by {@code redkit.ratelimit.rules} from {@code redkit.ratelimit.rule.<id>.*}. Every error is
 * made here and names the rule, the key and the bad value:
 *
 * <pre>
 * redkit.ratelimit.rules=ping,api
 * redkit.ratelimit.rule.ping.paths=/api/limited/ping
 * redkit.ratelimit.rule.ping.key=ip
 * redkit.ratelimit.rule.ping.algorithm=fixed-window
 * redkit.ratelimit.rule.ping.limits=5/10s
 * redkit.ratelimit.rule.api.paths=/api/**
 * redkit.ratelimit.rule.api.key=header:X-API-Key
 * redkit.ratelimit.rule.api.tier-source=api-key
 * redkit.ratelimit.rule.api.tier.free.limits=60/1m
 * redkit.ratelimit.rule.api.tier.paid.limits=600/1m,10000/1h
 * redkit.ratelimit.rule.api.default-tier=free
 * redkit.ratelimit.rule.api.on-redis-down=fail-closed
 * redkit.ratelimit.rule.api.unknown-key=ip
 * </pre>
 */
public final class RateLimitRules {

    /** Key {@value}: the ids of the configured rules, comma-separated, each with its {@code redkit.ratelimit.rule.<id>.*} keys. */
    public static final String RULES = "redkit.ratelimit.rules";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

    private RateLimitRules() {}

    /**
     * Reads and checks the configured rules.
     *
     * @param config the configuration
     * @return the rules, in configured order
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static List<RateLimitRule> from(ConfigReader config) {
        List<RateLimitRule> rules = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String id : list(config.string(RULES, ""))) {
            if (!ID.matcher(id).matches()) {
                throw new RedkitConfigException(RULES, id, "rule id must be 1 to 32 of a-z, 0-9 and '-'");
            }
            if (!seen.add(id)) {
                throw new RedkitConfigException(RULES, id, "rule '" + id + "' is listed twice");
            }
            rules.add(rule(config, id));
        }
        return List.copyOf(rules);
    }

    private static RateLimitRule rule(ConfigReader config, String id) {
        String p = "redkit.ratelimit.rule." + id + ".";
        List<String> paths = list(config.string(p + "paths", ""));
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new RedkitConfigException(p + "paths", path, "rule '" + id + "': a path must start with '/'");
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : list(config.string(p + "methods", ""))) {
            String upper = method.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(upper)) {
                throw new RedkitConfigException(p + "methods", method, "rule '" + id + "': not an HTTP method");
            }
            methods.add(upper);
        }
        KeySource keySource;
        String keyText = config.string(p + "key", "ip");
        try {
            keySource = KeySource.parse(keyText);
        } catch (IllegalArgumentException e) {
            throw new RedkitConfigException(p + "key", keyText, "rule '" + id + "': " + e.getMessage());
        }
        Algorithm algorithm = config.choice(p + "algorithm", Algorithm.class, Algorithm.FIXED_WINDOW);
        RateLimitRule.TierSource tierSource =
                config.choice(p + "tier-source", RateLimitRule.TierSource.class, RateLimitRule.TierSource.NONE);
        RateLimitRule.OnRedisDown onRedisDown = config.choice(
                p + "on-redis-down", RateLimitRule.OnRedisDown.class, RateLimitRule.OnRedisDown.FAIL_OPEN);

        RateLimitRule.UnknownKey unknownKey =
                config.choice(p + "unknown-key", RateLimitRule.UnknownKey.class, RateLimitRule.UnknownKey.IP);
        if (unknownKey != RateLimitRule.UnknownKey.IP && keySource.kind() != KeySource.Kind.HEADER) {
            throw new RedkitConfigException(
                    p + "unknown-key",
                    ConfigReader.configName(unknownKey),
                    "rule '" + id + "': only a header:<Name> key has unknown keys; key is " + keySource);
        }
        Budget budget = budget(config, id, tierSource);
        return new RateLimitRule(
                id,
                paths,
                Set.copyOf(methods),
                keySource,
                algorithm,
                budget.tiers(),
                tierSource,
                budget.defaultTier(),
                onRedisDown,
                unknownKey,
                budget.cost());
    }

    /**
     * The part of a rule that may change at runtime ({@link RuleOverrides}): the limits of each tier, the default
     * tier and the cost of a request.
     */
    private record Budget(Map<String, List<Limit>> tiers, String defaultTier, int cost) {}

    private static Budget budget(ConfigReader config, String id, RateLimitRule.TierSource tierSource) {
        String p = "redkit.ratelimit.rule." + id + ".";
        Map<String, List<Limit>> tiers = new LinkedHashMap<>();
        String defaultTier;
        if (tierSource == RateLimitRule.TierSource.NONE) {
            tiers.put(
                    RateLimitRule.DEFAULT_TIER,
                    limits(config, p + "limits", id, true).orElseThrow());
            defaultTier = RateLimitRule.DEFAULT_TIER;
        } else {
            List<String> names = list(config.string(p + "tiers", ""));
            if (names.isEmpty()) {
                throw new RedkitConfigException(
                        p + "tiers",
                        null,
                        "rule '" + id + "': tier-source "
                                + tierSource.name().toLowerCase(Locale.ROOT).replace('_', '-')
                                + " needs a list of tiers, e.g. free,paid");
            }
            for (String tier : names) {
                tiers.put(
                        tier,
                        limits(config, p + "tier." + tier + ".limits", id, true).orElseThrow());
            }
            defaultTier = config.string(p + "default-tier", names.get(0));
            if (!tiers.containsKey(defaultTier)) {
                throw new RedkitConfigException(
                        p + "default-tier", defaultTier, "rule '" + id + "': not one of the tiers " + names);
            }
        }
        int cost = config.integer(p + "cost", 1, 1, Integer.MAX_VALUE);
        for (Map.Entry<String, List<Limit>> tier : tiers.entrySet()) {
            for (Limit limit : tier.getValue()) {
                if (cost > limit.count()) {
                    throw new RedkitConfigException(
                            p + "cost",
                            Integer.toString(cost),
                            "rule '" + id + "': a request would never be admitted by the limit " + limit.count()
                                    + " per " + limit.windowSeconds() + " s"
                                    + (tiers.size() > 1 ? " of tier '" + tier.getKey() + "'" : ""));
                }
            }
        }
        // in configured order: under tier-source role the first tier that is a role of the user wins
        return new Budget(java.util.Collections.unmodifiableMap(tiers), defaultTier, cost);
    }

    /**
     * The properties of a rule that can change at runtime, as they would be configured (keys without the {@code
     * redkit.ratelimit.rule.<id>.} prefix): {@code limits}, or {@code tiers}, {@code tier.<name>.limits} and {@code
     * default-tier}; and {@code cost}.
     */
    static Map<String, String> changeable(RateLimitRule rule) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (rule.tierSource() == RateLimitRule.TierSource.NONE) {
            properties.put("limits", text(rule.limits(RateLimitRule.DEFAULT_TIER)));
        } else {
            properties.put("tiers", String.join(",", rule.tiers().keySet()));
            rule.tiers().forEach((tier, limits) -> properties.put("tier." + tier + ".limits", text(limits)));
            properties.put("default-tier", rule.defaultTier());
        }
        properties.put("cost", Integer.toString(rule.cost()));
        return properties;
    }

    /**
     * The configured rule with {@code changes} applied (keys as in {@link #changeable}), checked by the same code, and
     * with the same messages, as configuration: a {@link RedkitConfigException} names the full key
     * ({@code redkit.ratelimit.rule.<id>.limits}) and the bad value. Properties not in {@code changes} keep their
     * configured values; anything else about a rule (paths, key, algorithm, tier source, outage policy) cannot change.
     */
    static RateLimitRule override(RateLimitRule configured, Map<String, String> changes) {
        String id = configured.id();
        String p = "redkit.ratelimit.rule." + id + ".";
        boolean tiered = configured.tierSource() != RateLimitRule.TierSource.NONE;
        Map<String, String> properties = new LinkedHashMap<>();
        changeable(configured).forEach((key, value) -> properties.put(p + key, value));
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String key = change.getKey();
            String value = change.getValue();
            boolean allowed = key.equals("cost")
                    || (tiered
                            ? key.equals("tiers")
                                    || key.equals("default-tier")
                                    || (key.startsWith("tier.") && key.endsWith(".limits"))
                            : key.equals("limits"));
            if (!allowed) {
                throw new RedkitConfigException(
                        p + key,
                        value,
                        "rule '" + id + "': only "
                                + (tiered ? "tiers, tier.<name>.limits, default-tier" : "limits")
                                + " and cost can change at runtime");
            }
            if (value == null || value.isBlank()) {
                throw new RedkitConfigException(p + key, null, "rule '" + id + "': a change needs a value");
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new RedkitConfigException(p + key, value, "rule '" + id + "': a value is one line");
            }
            properties.put(p + key, value);
        }
        List<String> names = list(properties.getOrDefault(p + "tiers", ""));
        if (names.size() > 32) {
            throw new RedkitConfigException(
                    p + "tiers", properties.get(p + "tiers"), "rule '" + id + "': at most 32 tiers");
        }
        for (String tier : names) {
            if (!configured.tiers().containsKey(tier) && !ID.matcher(tier).matches()) {
                throw new RedkitConfigException(
                        p + "tiers",
                        properties.get(p + "tiers"),
                        "rule '" + id + "': a new tier name must be 1 to 32 of a-z, 0-9 and '-'");
            }
        }
        for (String key : changes.keySet()) {
            if (key.startsWith("tier.")) {
                String tier = key.substring("tier.".length(), key.length() - ".limits".length());
                if (!names.contains(tier)) {
                    throw new RedkitConfigException(
                            p + key, changes.get(key), "rule '" + id + "': not one of the tiers " + names);
                }
            }
        }
        Budget budget = budget(ConfigReader.of(properties), id, configured.tierSource());
        return new RateLimitRule(
                id,
                configured.paths(),
                configured.methods(),
                configured.keySource(),
                configured.algorithm(),
                budget.tiers(),
                configured.tierSource(),
                budget.defaultTier(),
                configured.onRedisDown(),
                configured.unknownKey(),
                budget.cost());
    }

    private static String text(List<Limit> limits) {
        return String.join(",", limits.stream().map(Limit::toString).toList());
    }

    private static Optional<List<Limit>> limits(ConfigReader config, String key, String id, boolean required) {
        Optional<String> text = config.optional(key);
        if (text.isEmpty()) {
            if (required) {
                throw new RedkitConfigException(key, null, "rule '" + id + "' needs at least one limit, e.g. 100/1m");
            }
            return Optional.empty();
        }
        List<Limit> limits = new ArrayList<>();
        for (String part : list(text.get())) {
            try {
                limits.add(Limit.parse(part));
                Limit.requireDistinctWindows(limits);
            } catch (IllegalArgumentException e) {
                throw new RedkitConfigException(key, text.get(), "rule '" + id + "': " + e.getMessage());
            }
        }
        if (limits.size() > 8) {
            throw new RedkitConfigException(key, text.get(), "rule '" + id + "': at most 8 limits");
        }
        return Optional.of(List.copyOf(limits));
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
