package io.redkit.footprint;

import io.redkit.cache.CacheSettings;
import io.redkit.cache.RedkitCachingProvider;
import io.redkit.cache.internal.ProviderBindings;
import io.redkit.jobs.JobFootprint;
import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.FilteredSerializationCodec;
import io.redkit.session.internal.SessionFootprint;
import io.redkit.testing.RedisMemory;
import io.redkit.testing.RedisMemory.Figure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

/**
 * What each kind of item redkit stores costs in Redis, written through the kit's own code (session store, JCache
 * provider, rate limiter, job runner, distributed locks) and measured by {@link RedisMemory}. {@code mvn -Pbench}
 * prints the table at full scale ({@code -Dbench.args=MemoryFootprint}); {@code MemoryFootprintTest} measures a
 * smaller scale and holds the figures under bounds.
 */
public final class MemoryFootprint {

    /** How many items each row writes. */
    public record Scale(
            int sessions,
            int cacheEntries,
            int caches,
            int limitClients,
            int fullLogClients,
            int bigLogClients,
            int jobs,
            int fullHistoryJobs,
            int locks) {

        /** The table of docs/operations.md. */
        public static final Scale FULL = new Scale(10_000, 10_000, 1_000, 10_000, 1_000, 100, 10_000, 200, 10_000);

        /** A few seconds' worth, for the unit test. */
        public static final Scale SMALL = new Scale(1_000, 1_000, 100, 1_000, 50, 4, 100, 10, 100);
    }

    public static final String SESSION_EMPTY = "session, no attributes";
    public static final String SESSION_1KB = "session, 4 attributes of 256 B (1 KB)";
    public static final String ENTRY_100B = "cache entry, 100 B value, eternal cache";
    public static final String ENTRY_1KB = "cache entry, 1 KB value, eternal cache";
    public static final String ENTRY_100B_EXPIRY = "cache entry, 100 B value, cache with expiry";
    public static final String ENTRY_1KB_EXPIRY = "cache entry, 1 KB value, cache with expiry";
    public static final String ENTRY_BOUNDED_LRU = "cache entry, 100 B value, bounded cache, eviction lru";
    public static final String ENTRY_BOUNDED_SAMPLED = "cache entry, 100 B value, bounded cache, eviction sampled";
    public static final String CACHE_ONE_ENTRY = "cache holding one 100 B entry (per cache)";
    public static final String CACHE_EMPTIED = "cache emptied again (what stays per cache)";
    public static final String LIMIT_PREFIX = "rate-limit client key, ";
    public static final String JOB_ONE_RUN = "job after 1 run";
    public static final String JOB_FULL_HISTORY = "job after 100 runs (history full, the default 100)";
    public static final String JOB_RUNNING = "job while running (lease lock held)";
    public static final String LOCK_HELD = "DistributedLocks lock, held";
    public static final String FENCED_LOCK_HELD = "DistributedLocks fenced lock, held";
    public static final String LOCK_RELEASED = "DistributedLocks lock, released";
    public static final String FENCED_LOCK_RELEASED = "DistributedLocks fenced lock, released";

    private MemoryFootprint() {}

    /** Every row, in the table's order. */
    public static List<Figure> measure(RedisMemory memory, Scale scale) throws Exception {
        List<Figure> rows = new ArrayList<>();
        SessionFootprint sessions = new SessionFootprint(memory.client());
        rows.add(memory.measure(SESSION_EMPTY, scale.sessions(), RedisMemory.each(sessions.empty())));
        rows.add(memory.measure(SESSION_1KB, scale.sessions(), RedisMemory.each(sessions.withAttributes())));
        rows.addAll(caches(memory, scale));
        rows.addAll(limits(memory, scale));
        try (JobFootprint jobs = new JobFootprint(memory.client())) {
            rows.add(memory.measure(JOB_ONE_RUN, scale.jobs(), RedisMemory.each(jobs.afterRuns(1))));
            rows.add(memory.measure(JOB_FULL_HISTORY, scale.fullHistoryJobs(), RedisMemory.each(jobs.afterRuns(100))));
            rows.add(memory.measure(JOB_RUNNING, scale.jobs(), jobs.running()));
            rows.add(memory.measure(LOCK_HELD, scale.locks(), jobs.heldLocks()));
            rows.add(memory.measure(FENCED_LOCK_HELD, scale.locks(), jobs.heldFencedLocks()));
            rows.add(memory.measure(LOCK_RELEASED, scale.locks(), RedisMemory.each(jobs.released(false))));
            rows.add(memory.measure(FENCED_LOCK_RELEASED, scale.locks(), RedisMemory.each(jobs.released(true))));
        }
        return rows;
    }

    /** Caches of a manager bound to the measured client, as CDI binds the application's. */
    private static List<Figure> caches(RedisMemory memory, Scale scale) {
        ClassLoader loader = MemoryFootprint.class.getClassLoader();
        ProviderBindings.bind(
                loader,
                () -> new ProviderBindings.Binding(memory.client(), "redkit", (FilteredSerializationCodec)
                        memory.client().getConfig().getCodec()));
        // a write that cannot reach Redis must fail the measurement, not be skipped
        Properties properties = new Properties();
        properties.setProperty(CacheSettings.OUTAGE_POLICY, "fail");
        // bounds far above the entries written: what the recency of a bounded cache costs, nothing evicted
        properties.setProperty("redkit.cache.bounded.max-entries", "1000000");
        Properties sampled = new Properties();
        sampled.putAll(properties);
        sampled.setProperty(CacheSettings.EVICTION, CacheSettings.Eviction.SAMPLED.name());
        properties.setProperty(CacheSettings.EVICTION, CacheSettings.Eviction.LRU.name());
        RedkitCachingProvider provider = new RedkitCachingProvider();
        try {
            CacheManager manager = provider.getCacheManager(URI.create("redkit:footprint"), loader, properties);
            CacheManager sampling = provider.getCacheManager(URI.create("redkit:footprint-sampled"), loader, sampled);
            String small = "v".repeat(100);
            String large = "v".repeat(1024);
            List<Figure> rows = new ArrayList<>();
            rows.add(memory.measure(ENTRY_100B, scale.cacheEntries(), entries(manager, "products", false, small)));
            rows.add(memory.measure(ENTRY_1KB, scale.cacheEntries(), entries(manager, "pages", false, large)));
            rows.add(memory.measure(ENTRY_100B_EXPIRY, scale.cacheEntries(), entries(manager, "prices", true, small)));
            rows.add(memory.measure(ENTRY_1KB_EXPIRY, scale.cacheEntries(), entries(manager, "quotes", true, large)));
            rows.add(
                    memory.measure(ENTRY_BOUNDED_LRU, scale.cacheEntries(), entries(manager, "bounded", false, small)));
            rows.add(memory.measure(
                    ENTRY_BOUNDED_SAMPLED, scale.cacheEntries(), entries(sampling, "bounded", false, small)));
            rows.add(
                    memory.measure(CACHE_ONE_ENTRY, scale.caches(), RedisMemory.each(i -> cache(manager, "c" + i, false)
                            .put(key(0), small))));
            rows.add(memory.measure(CACHE_EMPTIED, scale.caches(), RedisMemory.each(i -> {
                Cache<String, String> cache = cache(manager, "e" + i, false);
                cache.put(key(0), small);
                cache.remove(key(0));
            })));
            return rows;
        } finally {
            provider.close();
            ProviderBindings.unbind(loader);
        }
    }

    /** {@code count} entries in one cache: keys {@code product:000042}, values of the given length. */
    private static RedisMemory.Writer entries(CacheManager manager, String name, boolean expiry, String value) {
        return (count, measure) -> {
            Cache<String, String> cache = cache(manager, name, expiry);
            for (int i = 0; i < count; i++) {
                cache.put(key(i), value);
            }
            measure.run();
        };
    }

    private static Cache<String, String> cache(CacheManager manager, String name, boolean expiry) {
        MutableConfiguration<String, String> config =
                new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        if (expiry) {
            config.setExpiryPolicyFactory(
                    FactoryBuilder.factoryOf(new CreatedExpiryPolicy(new Duration(TimeUnit.MINUTES, 10))));
        }
        return manager.createCache(name, config);
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "product:%06d", i);
    }

    private static List<Figure> limits(RedisMemory memory, Scale scale) {
        RateLimiter limiter = new RateLimiter(memory.client(), new RedkitKeys("redkit"));
        List<Figure> rows = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            RateLimitRule rule = rule(algorithm, "100/1m");
            int decisions = algorithm == Algorithm.SLIDING_LOG ? 100 : 1;
            int clients = algorithm == Algorithm.SLIDING_LOG ? scale.fullLogClients() : scale.limitClients();
            rows.add(memory.measure(
                    limitRow(algorithm, "100/1m", decisions), clients, decide(limiter, rule, decisions)));
        }
        RateLimitRule big = rule(Algorithm.SLIDING_LOG, "1000/1h");
        rows.add(memory.measure(
                limitRow(Algorithm.SLIDING_LOG, "1000/1h", 1000), scale.bigLogClients(), decide(limiter, big, 1000)));
        return rows;
    }

    public static String limitRow(Algorithm algorithm, String limit, int decisions) {
        return LIMIT_PREFIX + algorithm.name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + limit + " after "
                + decisions + (decisions == 1 ? " request" : " requests");
    }

    private static RedisMemory.Writer decide(RateLimiter limiter, RateLimitRule rule, int decisions) {
        return RedisMemory.each(i -> {
            String client = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            for (int d = 0; d < decisions; d++) {
                if (!limiter.decide(rule, RateLimitRule.DEFAULT_TIER, client, false)
                        .allowed()) {
                    throw new IllegalStateException(rule.id() + " refused request " + d + " of " + client);
                }
            }
        });
    }

    private static RateLimitRule rule(Algorithm algorithm, String limit) {
        return new RateLimitRule(
                "api",
                List.of("/api/*"),
                Set.of(),
                new KeySource(KeySource.Kind.IP, null),
                algorithm,
                Map.of(RateLimitRule.DEFAULT_TIER, List.of(Limit.parse(limit))),
                RateLimitRule.TierSource.NONE,
                RateLimitRule.DEFAULT_TIER,
                RateLimitRule.OnRedisDown.FAIL_OPEN);
    }

    /** The rows as a Markdown table. */
    public static String table(String redisVersion, List<Figure> rows) {
        StringBuilder out = new StringBuilder();
        out.append("Redis ").append(redisVersion).append('\n');
        out.append("| item | items measured | keys | with TTL | longest TTL | MEMORY USAGE per item (B)"
                + " | used_memory growth per item (B) | Redis types:encodings |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Figure f : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %,d | %s | %,.0f | %,.0f | %s |%n",
                    f.item(),
                    f.count(),
                    f.keys(),
                    f.keysWithTtl(),
                    f.longestTtlMillis() < 0 ? "—" : ttl(f.longestTtlMillis()),
                    f.keyBytesPerItem(),
                    f.usedMemoryPerItem(),
                    f.encodings()));
        }
        return out.toString();
    }

    private static String ttl(long millis) {
        return millis >= 3_600_000 * 24L
                ? Math.round(millis / 86_400_000.0) + " d"
                : millis >= 60_000 ? Math.round(millis / 60_000.0) + " min" : Math.round(millis / 1000.0) + " s";
    }
}
