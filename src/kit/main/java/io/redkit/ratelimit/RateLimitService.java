package io.redkit.ratelimit;

import io.redkit.metrics.internal.RedkitMetrics;
import io.redkit.redis.KeyHash;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import io.redkit.web.ProxyHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The configured rate-limit rules, for business code: {@link #tryAcquire} takes permits from a budget without
 * waiting, {@link #acquire} waits for them, {@link #peek} reads a client's usage. The same service applies the rules to
 * HTTP requests (redkit's filter) and to {@link RateLimited @RateLimited} methods: it picks the rules for a path, works
 * out the client key and tier, asks {@link RateLimiter}, and applies the rule's outage policy.
 *
 * <p>An application-scoped CDI bean: inject it. Thread-safe; each decision is one Redis round trip.
 *
 * <pre>{@code
 * @Inject RateLimitService limits;
 *
 * void export(String tenant, int rows) {
 *     Verdict verdict = limits.tryAcquire("exports", "tenant:" + tenant, rows / 1000 + 1);
 *     if (verdict.refused()) {
 *         throw new RateLimitExceededException(verdict); // 429 with RateLimit-* headers
 *     }
 *     ...
 * }
 * }</pre>
 */
@ApplicationScoped
public class RateLimitService {

    private static final Logger LOG = Logger.getLogger(RateLimitService.class.getName());

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    RateLimitSettings settings;

    @Inject
    RedkitMetrics metrics;

    @Inject
    ProxyHeaders proxyHeaders;

    private RateLimiter limiter;
    /** Rules changed at runtime, when {@value RateLimitSettings#DYNAMIC_RULES}; null otherwise (no Redis traffic). */
    private RuleOverrides overrides;
    /** Rejections per rule on this node, for {@link #describe}: kept here so they exist without a metrics API. */
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    private final Map<String, CachedTier> apiKeyTiers = new ConcurrentHashMap<>();
    private final Map<String, io.redkit.redis.internal.WarningThrottle> outageWarnings = new ConcurrentHashMap<>();

    @jakarta.annotation.PostConstruct
    void init() {
        limiter = new RateLimiter(redisson, keys);
        if (settings.dynamicRules()) {
            overrides = new RuleOverrides(redisson, keys, settings.rules());
            overrides.start();
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (overrides != null) {
            overrides.close();
        }
    }

    /**
     * The rules in force on this node: as configured, with the changes made at runtime when those are enabled.
     *
     * @return the rules
     */
    public java.util.Collection<RateLimitRule> rules() {
        return overrides == null
                ? settings.rules()
                : overrides.current().rules().values();
    }

    /**
     * The rule in force with that id, or null when none is configured.
     *
     * @param ruleId the rule id
     * @return the rule, or null
     */
    public RateLimitRule rule(String ruleId) {
        return overrides == null
                ? settings.rule(ruleId)
                : overrides.current().rules().get(ruleId);
    }

    /** The runtime changes, or null when {@value RateLimitSettings#DYNAMIC_RULES} is off. */
    RuleOverrides overrides() {
        return overrides;
    }

    /**
     * What to do with a request: its headers, and whether it is refused (429, 503, or 401 for an API key the store
     * does not know under {@code unknown-key=refuse}).
     */
    public record Verdict(
            RateLimitRule rule,
            String client,
            String tier,
            Decision decision,
            boolean redisUnavailable,
            boolean unknownKey) {

        /**
         * Whether the request is refused: over the limit, Redis down under {@code fail-closed}, or an unknown API key that the rule refuses.
         *
         * @return true when refused
         */
        public boolean refused() {
            if (unknownKey) {
                return true;
            }
            return redisUnavailable ? rule.onRedisDown() == RateLimitRule.OnRedisDown.FAIL_CLOSED : !decision.allowed();
        }

        /**
         * Why the request is refused, for the problem detail.
         *
         * @return the detail
         */
        public String detail() {
            if (unknownKey) {
                return "Rate limit '" + rule.id() + "': the API key in "
                        + rule.keySource().name() + " is not known";
            }
            if (redisUnavailable) {
                return "Rate limit '" + rule.id() + "' cannot be checked: Redis is unavailable";
            }
            Limit v = decision.violated();
            return "Rate limit '" + rule.id() + "' exceeded: " + (v == null ? decision.limit() : v.count())
                    + " requests per " + (v == null ? "window" : v.windowSeconds() + " s") + " for " + client
                    + "; retry in " + decision.retryAfterSeconds() + " s";
        }
    }

    /**
     * Whether answers carry the {@code RateLimit-*} headers ({@value RateLimitSettings#HEADERS}).
     *
     * @return true when the headers are sent
     */
    public boolean rateLimitHeaders() {
        return settings.rateLimitHeaders();
    }

    /**
     * The rules that count a request.
     *
     * @param path the request path within the application
     * @param method the HTTP method
     * @return the matching rules, in configured order
     */
    public List<RateLimitRule> rulesFor(String path, String method) {
        if (!settings.enabled()) {
            return List.of();
        }
        List<RateLimitRule> matching = new ArrayList<>(1);
        for (RateLimitRule rule : rules()) {
            if (rule.matches(path, method)) {
                matching.add(rule);
            }
        }
        return matching;
    }

    /**
     * Counts the request against each rule; returns the verdict to report (refusing or least remaining).
     *
     * @param rules the rules
     * @param request the request
     * @return the verdict
     */
    public Verdict check(List<RateLimitRule> rules, HttpServletRequest request) {
        Verdict reported = null;
        for (RateLimitRule rule : rules) {
            Verdict verdict = check(rule, request);
            if (verdict.refused()) {
                return verdict;
            }
            if (reported == null
                    || (verdict.decision() != null
                            && (reported.decision() == null
                                    || verdict.decision().remaining()
                                            < reported.decision().remaining()))) {
                reported = verdict;
            }
        }
        return reported;
    }

    /**
     * Counts one request against one rule; {@code request} may be null outside HTTP (key: "global").
     *
     * @param rule the rule
     * @param request the request, or null
     * @return the verdict
     */
    public Verdict check(RateLimitRule rule, HttpServletRequest request) {
        return check(rule, request, rule.cost());
    }

    /**
     * As {@link #check(RateLimitRule, HttpServletRequest)}, the request taking {@code permits}.
     *
     * @param rule the rule
     * @param request the request, or null
     * @param permits the permits it takes
     * @return the verdict
     */
    public Verdict check(RateLimitRule rule, HttpServletRequest request, int permits) {
        String client = "global";
        String tier = rule.defaultTier();
        try {
            if (request != null) {
                client = client(rule, request);
                if (client == null) {
                    metrics.increment("redkit.ratelimit.unknown-key", "rule", rule.id());
                    return new Verdict(rule, "unknown key", tier, null, false, true);
                }
                tier = tier(rule, request);
            }
            return decide(rule, client, tier, permits);
        } catch (RedisException e) {
            return outage(rule, client, tier, e);
        }
    }

    /** The verdict of a rule Redis could not decide: its {@code on-redis-down} policy, counted and warned. */
    private Verdict outage(RateLimitRule rule, String client, String tier, RedisException e) {
        if (!RedisOutages.isOutage(e)) {
            throw e;
        }
        String policy = rule.onRedisDown() == RateLimitRule.OnRedisDown.FAIL_OPEN ? "failopen" : "failclosed";
        metrics.increment("redkit.ratelimit." + policy, "rule", rule.id());
        warnOutage(rule, e);
        return new Verdict(rule, client, tier, null, true, false);
    }

    private Verdict decide(RateLimitRule rule, String client, String tier, int permits) {
        Decision decision = limiter.decide(rule, tier, client, permits, false);
        if (!decision.allowed()) {
            rejected.computeIfAbsent(rule.id(), id -> new LongAdder()).increment();
            metrics.increment("redkit.ratelimit.rejected", "rule", rule.id());
        }
        return new Verdict(rule, client, tier, decision, false, false);
    }

    /**
     * Business code's own limit: takes {@code permits} from the budget of {@code key} (any text the application
     * chooses: a user id, a tenant, an API key) under the configured rule {@code ruleId}, in the rule's default tier,
     * without waiting. One Redis round trip; {@link Verdict#refused()} says no (over the limit, or Redis down under
     * {@code on-redis-down=fail-closed}; under {@code fail-open} an outage admits). Thread-safe.
     *
     * <pre>{@code
     * if (limits.tryAcquire("exports", "tenant:" + tenant, rows / 1000 + 1).refused()) {
     *     throw new TooManyRequests(...);
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException when no rule has that id, or {@code permits} is below 1 or above one of its
     *     limits
     *
     * @param ruleId a configured rule
     * @param key whose budget: any text the application chooses
     * @param permits how many permits to take
     * @return the verdict
     */
    public Verdict tryAcquire(String ruleId, String key, int permits) {
        RateLimitRule rule = requireRule(ruleId);
        String client = "app:" + key; // permits are checked by the limiter, before Redis
        try {
            return decide(rule, client, rule.defaultTier(), permits);
        } catch (RedisException e) {
            return outage(rule, client, rule.defaultTier(), e);
        }
    }

    /**
     * As {@link #tryAcquire}, waiting up to {@code timeout} for the permits: when refused, sleeps until the refused
     * cost would fit (as Redis computed it) and asks again, while the wait fits in what is left of the timeout. Returns
     * the last verdict: admitted, or refused when the permits did not become free in time (or Redis is down under
     * {@code fail-closed}, which is not waited out). Blocks the calling thread; use it off request threads where the
     * wait can be long.
     *
     * @throws InterruptedException when the thread is interrupted while waiting (nothing was taken)
     *
     * @param ruleId a configured rule
     * @param key whose budget: any text the application chooses
     * @param permits how many permits to take
     * @param timeout the longest to wait
     * @return the last verdict
     */
    public Verdict acquire(String ruleId, String key, int permits, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Verdict verdict = tryAcquire(ruleId, key, permits);
            if (!verdict.refused() || verdict.decision() == null) {
                return verdict;
            }
            long waitNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                    verdict.decision().retryAfterMillis());
            if (System.nanoTime() + waitNanos > deadline) {
                return verdict;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    private RateLimitRule requireRule(String ruleId) {
        RateLimitRule rule = rule(ruleId);
        if (rule == null) {
            throw new IllegalArgumentException(
                    "No rate-limit rule '" + ruleId + "': add it to " + RateLimitRules.RULES + " and configure it");
        }
        return rule;
    }

    /**
     * Current usage of a client under a rule, without counting a request.
     *
     * @param rule the rule
     * @param tier the tier
     * @param client the client id
     * @return the current usage
     */
    public Decision peek(RateLimitRule rule, String tier, String client) {
        return limiter.decide(rule, tier, client, true);
    }

    /**
     * Registers an API key in a tier (stored in Redis under its {@link KeyHash}, never raw). A registered key is its
     * own budget under {@code header:} rules and picks its tier under {@code tier-source=api-key}.
     *
     * @param apiKey the API key, as clients send it
     * @param tier a tier of the rules that use API keys
     */
    public void assignApiKey(String apiKey, String tier) {
        String hash = KeyHash.of(apiKey.trim());
        redisson.<String, String>getMap(apiKeysKey(), StringCodec.INSTANCE).fastPut(hash, tier);
        apiKeyTiers.remove(hash);
    }

    /**
     * The budget a request is counted in; null when its API key is unknown and the rule refuses unknown keys. API
     * keys appear only hashed; an unknown key is counted by client IP unless the rule says otherwise.
     */
    String client(RateLimitRule rule, HttpServletRequest request) {
        KeySource source = rule.keySource();
        String ip = proxyHeaders.clientIp(request);
        return switch (source.kind()) {
            case IP -> "ip:" + ip;
            case PRINCIPAL -> request.getUserPrincipal() != null
                    ? "user:" + request.getUserPrincipal().getName()
                    : "ip:" + ip;
            case HEADER -> {
                String value = request.getHeader(source.name());
                if (value == null || value.isBlank()) {
                    yield "ip:" + ip;
                }
                String hash = KeyHash.of(value.trim());
                if (rule.unknownKey() == RateLimitRule.UnknownKey.TRUST || apiKeyTier(hash) != null) {
                    yield "key:" + hash;
                }
                yield rule.unknownKey() == RateLimitRule.UnknownKey.REFUSE ? null : "ip:" + ip;
            }
            case SESSION -> {
                HttpSession session = request.getSession(false);
                Object value = session == null ? null : session.getAttribute(source.name());
                yield value == null ? "ip:" + ip : "session:" + value;
            }
        };
    }

    String tier(RateLimitRule rule, HttpServletRequest request) {
        if (request == null) {
            return rule.defaultTier();
        }
        switch (rule.tierSource()) {
            case ROLE -> {
                HttpSession session = request.getSession(false);
                Object role = session == null ? null : session.getAttribute("role");
                for (String tier : rule.tiers().keySet()) {
                    if (request.isUserInRole(tier) || tier.equals(role)) {
                        return tier;
                    }
                }
                return rule.defaultTier();
            }
            case API_KEY -> {
                String apiKey = rule.keySource().kind() == KeySource.Kind.HEADER
                        ? request.getHeader(rule.keySource().name())
                        : request.getHeader("X-API-Key");
                if (apiKey == null || apiKey.isBlank()) {
                    return rule.defaultTier();
                }
                String tier = apiKeyTier(KeyHash.of(apiKey.trim()));
                return tier != null && rule.tiers().containsKey(tier) ? tier : rule.defaultTier();
            }
            default -> {
                return rule.defaultTier();
            }
        }
    }

    /**
     * The tier of an API key given by its {@link KeyHash} (null: not registered), cached for {@code
     * redkit.ratelimit.api-key-cache} to spare a round trip.
     */
    private String apiKeyTier(String apiKey) {
        long now = System.nanoTime();
        CachedTier cached = apiKeyTiers.get(apiKey);
        if (cached != null && now < cached.expiresAt()) {
            return cached.tier();
        }
        String tier = redisson.<String, String>getMap(apiKeysKey(), StringCodec.INSTANCE)
                .get(apiKey);
        if (apiKeyTiers.size() > 10_000) {
            apiKeyTiers.clear();
        }
        apiKeyTiers.put(
                apiKey, new CachedTier(tier, now + settings.apiKeyCacheTtl().toNanos()));
        return tier;
    }

    private String apiKeysKey() {
        return keys.key(RateLimiter.FEATURE, "api-keys");
    }

    private void warnOutage(RateLimitRule rule, RedisException e) {
        if (outageWarnings
                .computeIfAbsent(rule.id(), id -> new io.redkit.redis.internal.WarningThrottle())
                .tryWarn()) {
            LOG.warning("Rate limit '" + rule.id() + "' cannot reach Redis; policy "
                    + (rule.onRedisDown() == RateLimitRule.OnRedisDown.FAIL_OPEN
                            ? "fail-open: requests are admitted"
                            : "fail-closed: requests get 503")
                    + " (" + RedisOutages.describe(e) + "); warned once a minute");
        }
    }

    /**
     * The effective rules, for {@code GET /api/ratelimits}.
     *
     * @param rule the rule
     * @return its id, limits per tier and counts, as JSON-ready maps
     */
    public Map<String, Object> describe(RateLimitRule rule) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", rule.id());
        d.put("paths", rule.paths());
        d.put("methods", rule.methods());
        d.put("key", rule.keySource().toString());
        d.put("algorithm", io.redkit.config.ConfigReader.configName(rule.algorithm()));
        d.put("exact", rule.algorithm().exact());
        Map<String, String> tiers = new LinkedHashMap<>();
        rule.tiers().forEach((tier, limits) -> tiers.put(tier, rule.policy(tier)));
        d.put("tiers", tiers);
        d.put("tierSource", io.redkit.config.ConfigReader.configName(rule.tierSource()));
        d.put("defaultTier", rule.defaultTier());
        d.put("onRedisDown", io.redkit.config.ConfigReader.configName(rule.onRedisDown()));
        d.put("unknownKey", io.redkit.config.ConfigReader.configName(rule.unknownKey()));
        d.put("cost", rule.cost());
        d.put(
                "changedAtRuntime",
                overrides != null && overrides.current().changes().containsKey(rule.id()));
        LongAdder rejections = rejected.get(rule.id());
        d.put("rejectedOnThisNode", rejections == null ? 0L : rejections.sum());
        return d;
    }

    private record CachedTier(String tier, long expiresAt) {}
}
