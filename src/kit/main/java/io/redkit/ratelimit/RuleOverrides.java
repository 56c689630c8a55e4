package io.redkit.ratelimit;

import io.redkit.config.RedkitConfigException;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.Subscriptions;
import io.redkit.redis.internal.WarningThrottle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Runtime changes of configured rules ({@value RateLimitSettings#DYNAMIC_RULES}), held in Redis and followed by every
 * node. The hash {@code <prefix>:ratelimit:rules} maps a rule id to its changed properties (as configured, e.g. {@code
 * limits=10/10s}) and the field {@value #VERSION} to a counter raised by every change (it starts at Redis's clock in
 * ms, so that versions stay unique should Redis lose the hash); a change is one script (write, count, publish). A node reads the whole hash at start, again when the change channel announces a new version, and
 * checks the version every {@value #CHECK_MILLIS} ms in case an announcement was missed: it follows a change within a
 * second. Requests read the rules from a volatile snapshot, never from Redis.
 *
 * <p>Redis unreachable: the node keeps the rules it last read (warned once a minute) and catches up when Redis is
 * back. A change stored in Redis that no longer fits the configuration (a tier removed, a limit below the cost) is
 * ignored for that rule, with a warning; its configured values apply.
 */
final class RuleOverrides implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuleOverrides.class.getName());

    /** The hash field of the version counter (rule ids cannot contain ':'). */
    static final String VERSION = ":version";

    /** The safety net's period: a node with a missed announcement is at most this (plus one round trip) late. */
    static final long CHECK_MILLIS = 500;

    private static final String CHANGE =
            """
            if redis.call('HEXISTS', KEYS[1], ':version') == 0 then
              local t = redis.call('TIME')
              redis.call('HSET', KEYS[1], ':version', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            end
            if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            local version = redis.call('HINCRBY', KEYS[1], ':version', 1)
            redis.call('PUBLISH', ARGV[3], version)
            return version
            """;

    /** What a node applies: the version it read and the effective rules (configured, with changes). */
    record Snapshot(long version, Map<String, RateLimitRule> rules, Map<String, Map<String, String>> changes) {}

    private final RedissonClient redisson;
    private final Map<String, RateLimitRule> configured;
    private final String hash;
    private final String channel;
    private final WarningThrottle outageWarnings = new WarningThrottle();
    private volatile Snapshot snapshot;
    private ScheduledExecutorService checks;
    private RTopic topic;
    private Integer listener;

    RuleOverrides(RedissonClient redisson, RedkitKeys keys, List<RateLimitRule> configured) {
        this.redisson = redisson;
        Map<String, RateLimitRule> byId = new LinkedHashMap<>();
        configured.forEach(rule -> byId.put(rule.id(), rule));
        this.configured = Collections.unmodifiableMap(byId);
        this.hash = keys.key(RateLimiter.FEATURE, "rules");
        this.channel = keys.key(RateLimiter.FEATURE, "rules-changed");
        this.snapshot = new Snapshot(0, this.configured, Map.of());
    }

    /** Reads the changes, subscribes to announcements and starts the version check; an outage is ridden out. */
    void start() {
        try {
            refresh();
        } catch (RuntimeException e) {
            warn("cannot read the changed rate-limit rules; the configured rules apply until it can", e);
        }
        checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redkit-ratelimit-rules");
            thread.setDaemon(true);
            return thread;
        });
        try {
            topic = redisson.getTopic(channel, StringCodec.INSTANCE);
            // not on Redisson's listener thread: refresh makes a blocking call
            listener = Subscriptions.add(() -> topic.addListener(String.class, (ch, version) -> announced()));
        } catch (RuntimeException e) {
            warn(
                    "cannot subscribe to rate-limit rule changes; the version check every " + CHECK_MILLIS
                            + " ms follows them",
                    e);
        }
        checks.scheduleWithFixedDelay(this::checkQuietly, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
        if (topic != null && listener != null) {
            try {
                topic.removeListener(listener);
            } catch (RuntimeException e) {
                RedisOutages.log(LOG, Level.FINE, "redkit rate limits: unsubscribing failed", e);
            }
        }
    }

    /** The effective rules now on this node. */
    Snapshot current() {
        return snapshot;
    }

    /** The rule as configured, or null. */
    RateLimitRule configured(String ruleId) {
        return configured.get(ruleId);
    }

    /**
     * Stores {@code changes} as the rule's changes (replacing earlier ones), announces them and applies them here
     * before returning; every node follows within a second.
     *
     * @throws RedkitConfigException when a change is not valid for the rule (same message as in configuration)
     */
    RateLimitRule update(String ruleId, Map<String, String> changes) {
        RateLimitRule rule = RateLimitRules.override(require(ruleId), changes);
        store(ruleId, encode(changes));
        return rule;
    }

    /** Drops the rule's changes: its configured values apply again on every node. */
    RateLimitRule reset(String ruleId) {
        RateLimitRule rule = require(ruleId);
        store(ruleId, "");
        return rule;
    }

    private RateLimitRule require(String ruleId) {
        RateLimitRule rule = configured.get(ruleId);
        if (rule == null) {
            throw new IllegalArgumentException(
                    "No rate-limit rule '" + ruleId + "': add it to " + RateLimitRules.RULES + " and configure it");
        }
        return rule;
    }

    private void store(String ruleId, String encoded) {
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        CHANGE,
                        RScript.ReturnType.INTEGER,
                        List.of(hash),
                        ruleId,
                        encoded,
                        channel);
        // stored: a failure to read it back here is not the caller's (the version check catches up)
        refreshQuietly();
    }

    private void announced() {
        try {
            checks.execute(this::refreshQuietly);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed: nothing to follow any more
        }
    }

    private void checkQuietly() {
        try {
            String stored =
                    redisson.<String, String>getMap(hash, StringCodec.INSTANCE).get(VERSION);
            if (parseVersion(stored) != snapshot.version()) {
                refresh();
            }
        } catch (RuntimeException e) {
            warn("cannot check the rate-limit rules for changes; the rules last read apply", e);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            warn("cannot read the changed rate-limit rules; the rules last read apply", e);
        }
    }

    /**
     * Reads the hash (one HGETALL: version and changes of one moment) and applies it. Synchronized, so that of two
     * reads the later one is applied last; a lower version than before is applied too (Redis lost its data).
     */
    private synchronized void refresh() {
        Map<String, String> stored =
                redisson.<String, String>getMap(hash, StringCodec.INSTANCE).readAllMap();
        long version = parseVersion(stored.get(VERSION));
        if (version == snapshot.version() && version != 0) {
            return;
        }
        Map<String, RateLimitRule> rules = new LinkedHashMap<>();
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        List<String> applied = new ArrayList<>();
        for (RateLimitRule rule : configured.values()) {
            String encoded = stored.get(rule.id());
            RateLimitRule effective = rule;
            if (encoded != null) {
                Map<String, String> change = decode(encoded);
                try {
                    effective = RateLimitRules.override(rule, change);
                    changes.put(rule.id(), change);
                    applied.add(rule.id() + " " + change);
                } catch (IllegalArgumentException e) {
                    LOG.warning("redkit rate limits: the change of rule '" + rule.id() + "' stored in Redis does not"
                            + " fit this node's configuration, its configured values apply: " + e.getMessage());
                }
            }
            rules.put(rule.id(), effective);
        }
        Snapshot previous = snapshot;
        snapshot = new Snapshot(version, Collections.unmodifiableMap(rules), Collections.unmodifiableMap(changes));
        if (version != previous.version()) {
            LOG.info("redkit rate limits: rules version " + version + " applied; changed from configuration: "
                    + (applied.isEmpty() ? "none" : String.join("; ", applied)));
        }
    }

    private static long parseVersion(String stored) {
        try {
            return stored == null ? 0 : Long.parseLong(stored);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code key=value} lines; values cannot hold a line break (they are limits, tier names and numbers). */
    static String encode(Map<String, String> changes) {
        StringBuilder text = new StringBuilder();
        changes.forEach((key, value) ->
                text.append(key).append('=').append(value.trim()).append('\n'));
        return text.toString();
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String line : encoded.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                changes.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return changes;
    }

    private void warn(String what, RuntimeException e) {
        if (!RedisOutages.isOutage(e)) {
            LOG.log(Level.WARNING, "redkit rate limits: " + what, e);
        } else if (outageWarnings.tryWarn()) {
            LOG.warning("redkit rate limits: " + what + " (" + RedisOutages.describe(e) + "); warned once a minute");
        }
    }
}
