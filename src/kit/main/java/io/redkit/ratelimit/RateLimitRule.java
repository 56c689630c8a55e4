package io.redkit.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rate-limit rule as configured under {@code redkit.ratelimit.rule.<id>.*}: which requests it applies to, whose
 * requests are counted together, the algorithm, the limits (per tier, when tiers are configured) and what to do
 * when Redis is unreachable. Built and checked by {@link RateLimitRules}.
 *
 * @param paths servlet paths it applies to ({@code /api/x}, {@code /api/x/*} prefix, {@code /**} all); empty: only
 *     through {@link RateLimited}
 * @param methods HTTP methods it applies to; empty: all
 * @param tiers limits per tier name; a rule without tiers has the single tier {@value #DEFAULT_TIER}
 * @param unknownKey what a {@code header:} key that is not in the API-key store gets
 * @param cost permits each request takes ({@code redkit.ratelimit.rule.<id>.cost}, 1 by default); a
 *     {@code @RateLimited(cost = n)} method or a programmatic call may ask for another
 */
public record RateLimitRule(
        String id,
        List<String> paths,
        Set<String> methods,
        KeySource keySource,
        Algorithm algorithm,
        Map<String, List<Limit>> tiers,
        TierSource tierSource,
        String defaultTier,
        OnRedisDown onRedisDown,
        UnknownKey unknownKey,
        int cost) {

    /** The tier of rules that configure none. */
    public static final String DEFAULT_TIER = "default";

    /**
     * A rule.
     *
     * @throws IllegalArgumentException when two limits of a tier share a window
     *
     * @param id the rule id
     * @param paths the path patterns counted
     * @param methods the HTTP methods counted (empty: all)
     * @param keySource what identifies a client
     * @param algorithm how requests are counted
     * @param tiers the limits of each tier
     * @param tierSource how a request's tier is chosen
     * @param defaultTier the tier of a request no other tier fits
     * @param onRedisDown the outage policy
     * @param unknownKey what an unknown API key gets
     * @param cost the permits one request takes
     */
    public RateLimitRule {
        tiers.values().forEach(Limit::requireDistinctWindows);
    }

    /**
     * A rule whose requests cost one permit each.
     *
     * @param id the rule id
     * @param paths the path patterns counted
     * @param methods the HTTP methods counted (empty: all)
     * @param keySource what identifies a client
     * @param algorithm how requests are counted
     * @param tiers the limits of each tier
     * @param tierSource how a request's tier is chosen
     * @param defaultTier the tier of a request no other tier fits
     * @param onRedisDown the outage policy
     * @param unknownKey what an unknown API key gets
     */
    public RateLimitRule(
            String id,
            List<String> paths,
            Set<String> methods,
            KeySource keySource,
            Algorithm algorithm,
            Map<String, List<Limit>> tiers,
            TierSource tierSource,
            String defaultTier,
            OnRedisDown onRedisDown,
            UnknownKey unknownKey) {
        this(id, paths, methods, keySource, algorithm, tiers, tierSource, defaultTier, onRedisDown, unknownKey, 1);
    }

    /**
     * A rule whose unknown API keys are counted by client IP.
     *
     * @param id the rule id
     * @param paths the path patterns counted
     * @param methods the HTTP methods counted (empty: all)
     * @param keySource what identifies a client
     * @param algorithm how requests are counted
     * @param tiers the limits of each tier
     * @param tierSource how a request's tier is chosen
     * @param defaultTier the tier of a request no other tier fits
     * @param onRedisDown the outage policy
     */
    public RateLimitRule(
            String id,
            List<String> paths,
            Set<String> methods,
            KeySource keySource,
            Algorithm algorithm,
            Map<String, List<Limit>> tiers,
            TierSource tierSource,
            String defaultTier,
            OnRedisDown onRedisDown) {
        this(id, paths, methods, keySource, algorithm, tiers, tierSource, defaultTier, onRedisDown, UnknownKey.IP);
    }

    /**
     * What a key from a {@code header:} source gets when it is not registered in {@code <prefix>:ratelimit:api-keys}:
     * a client that makes up keys must not make up budgets.
     */
    public enum UnknownKey {
        /** Counted by the client IP, like a request without the header (default). */
        IP,
        /** Refused with 401 problem+json before the application sees it. */
        REFUSE,
        /** Its own budget anyway: only for apps whose gateway already authenticates every key. */
        TRUST
    }

    /** Where a rule's tier comes from. */
    public enum TierSource {
        /** No tiers: one set of limits. */
        NONE,
        /** The first tier whose name is a role of the user (container role, or the session's {@code role}). */
        ROLE,
        /** The tier stored for the request's API key in Redis ({@code <prefix>:ratelimit:api-keys}). */
        API_KEY
    }

    /** The outage policy: admit and count, or refuse with 503. */
    public enum OnRedisDown {
        /** Admit the request (and log) while Redis cannot be reached. */
        FAIL_OPEN,
        /** Refuse the request with 503 while Redis cannot be reached. */
        FAIL_CLOSED
    }

    /**
     * The limits of a tier.
     *
     * @param tier the tier
     * @return its limits, or the default tier's for an unknown tier
     */
    public List<Limit> limits(String tier) {
        List<Limit> limits = tiers.get(tier);
        return limits != null ? limits : tiers.get(defaultTier);
    }

    /**
     * {@code RateLimit-Policy} value of a tier, e.g. {@code 100;w=60, 1000;w=3600}.
     *
     * @param tier the tier
     * @return the header value
     */
    public String policy(String tier) {
        StringBuilder policy = new StringBuilder();
        for (Limit limit : limits(tier)) {
            policy.append(policy.length() == 0 ? "" : ", ")
                    .append(limit.count())
                    .append(";w=")
                    .append(limit.windowSeconds());
        }
        return policy.toString();
    }

    /**
     * Whether a request to {@code path} with {@code method} is counted by this rule; {@code path} must be the
     * normalized path the container maps, never the raw URI.
     *
     * @param path the request path within the application
     * @param method the HTTP method
     * @return true if the rule counts the request
     */
    public boolean matches(String path, String method) {
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        for (String pattern : paths) {
            if (pattern.equals("/**") || pattern.equals("/*")) {
                return true;
            }
            if (pattern.endsWith("/*") || pattern.endsWith("/**")) {
                String prefix = pattern.substring(0, pattern.lastIndexOf('/'));
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (pattern.equals(path)) {
                return true;
            }
        }
        return false;
    }
}
