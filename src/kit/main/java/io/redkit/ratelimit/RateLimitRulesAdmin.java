package io.redkit.ratelimit;

import io.redkit.config.RedkitConfigException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Changes the limits, tiers and cost of configured rules while the application runs, on every node within a second
 * (with {@value RateLimitSettings#DYNAMIC_RULES}{@code =true}). A change is written as the rule's properties would be
 * configured, without the {@code redkit.ratelimit.rule.<id>.} prefix, and is checked with the same messages:
 *
 * <pre>{@code
 * admin.update("ping", Map.of("limits", "10/10s,200/1h"));
 * admin.update("api", Map.of("tier.paid.limits", "1000/1m", "cost", "2"));
 * admin.update("api", Map.of("tiers", "free,paid,gold", "tier.gold.limits", "5000/1m"));
 * admin.reset("ping"); // back to the configured limits
 * }</pre>
 *
 * Counts go on across a change: a limit keeps its Redis key as long as its window is the same, and the new count applies
 * to what was already taken (100 lowered to 10 after 50 requests refuses at once; 10 raised to 60 after 10 admits 50
 * more). A limit with a new window starts from nothing. Paths, key, algorithm, tier source and outage policy change only
 * with the configuration. Thread-safe; each change is one Redis round trip plus a read of the rules.
 */
@ApplicationScoped
public class RateLimitRulesAdmin {

    @Inject
    RateLimitService service;

    /**
     * Whether runtime changes are enabled ({@value RateLimitSettings#DYNAMIC_RULES}).
     *
     * @return true when {@value RateLimitSettings#DYNAMIC_RULES} is on
     */
    public boolean enabled() {
        return service.overrides() != null;
    }

    /**
     * Replaces the rule's runtime changes with {@code changes} (properties not named keep their configured values) and
     * returns the rule as it now applies on this node; every other node follows within a second.
     *
     * @throws RedkitConfigException when a property cannot change at runtime or its value is not valid for the rule;
     *     the message names the key ({@code redkit.ratelimit.rule.<id>.<property>}) and the value
     * @throws IllegalArgumentException when no rule has that id
     * @throws IllegalStateException when runtime changes are off
     * @throws org.redisson.client.RedisException when Redis cannot store the change (nothing changed)
     *
     * @param ruleId a configured rule
     * @param changes properties and values, e.g. {@code limits=10/10s}
     * @return the rule as it now applies on this node
     */
    public RateLimitRule update(String ruleId, Map<String, String> changes) {
        RuleOverrides overrides = overrides();
        if (changes.isEmpty()) {
            throw new IllegalArgumentException(
                    "No change given for rule '" + ruleId + "'; to go back to its configuration, reset it");
        }
        return overrides.update(ruleId, changes);
    }

    /**
     * Drops the rule's runtime changes: its configured values apply again, on every node within a second.
     *
     * @param ruleId a configured rule
     * @return the rule as configured
     */
    public RateLimitRule reset(String ruleId) {
        return overrides().reset(ruleId);
    }

    /**
     * The rule's runtime changes as this node applies them (empty: configured values), or null for an unknown rule.
     *
     * @param ruleId the rule
     * @return its changes, or null
     */
    public Map<String, String> changes(String ruleId) {
        RuleOverrides overrides = overrides();
        if (overrides.configured(ruleId) == null) {
            return null;
        }
        return overrides.current().changes().getOrDefault(ruleId, Map.of());
    }

    /**
     * The rule as configured (before runtime changes), or null.
     *
     * @param ruleId the rule
     * @return the configured rule, or null for an unknown id
     */
    public RateLimitRule configured(String ruleId) {
        return overrides().configured(ruleId);
    }

    /**
     * The version of the rules this node applies (raised by every change anywhere); 0 before the first change.
     *
     * @return the version
     */
    public long version() {
        return overrides().current().version();
    }

    private RuleOverrides overrides() {
        RuleOverrides overrides = service.overrides();
        if (overrides == null) {
            throw new IllegalStateException(
                    "Rate-limit rules cannot change at runtime: " + RateLimitSettings.DYNAMIC_RULES + " is false");
        }
        return overrides;
    }
}
