package io.redkit.cache;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Caches declared in configuration, and the cache-wide options.
 *
 * <pre>
 * redkit.cache.names=profiles,products          # declared caches (an annotation naming another one fails)
 * redkit.cache.profiles.expiry=accessed:10m     # eternal | created:D | accessed:D | modified:D | touched:D
 * redkit.cache.profiles.statistics=true         # default true for declared caches
 * redkit.cache.create-missing=false             # true: an undeclared name used by an annotation is created
 * redkit.cache.default-expiry=eternal           # expiry of caches created that way
 * redkit.cache.statistics=false                 # true: statistics on for every cache (Hibernate regions too)
 * redkit.cache.outage-policy=bypass             # bypass | fail
 * redkit.cache.outage-retry-interval=2s
 * redkit.cache.profiles.near=10000,30s          # near cache: max entries held per JVM [, longest life there]
 * redkit.cache.near-default=                    # near cache of caches without their own .near (off when empty)
 * redkit.cache.near-check-interval=1s          # near caches compare their sequence with Redis this often
 * redkit.cache.profiles.max-entries=100000      # at most this many entries in Redis, the least recently used evicted
 * redkit.cache.max-entries-default=             # bound of caches without their own .max-entries (none when empty)
 * redkit.cache.eviction=lru                     # lru (exact) | sampled (oldest of 5 drawn at random)
 * </pre>
 *
 * A {@code .near} or {@code .max-entries} key may name any cache: declared, created by an annotation, a Hibernate
 * region, or created by the application through the JCache API.
 */
public record CacheSettings(
        Map<String, CacheSpec> declared,
        boolean createMissing,
        CacheSpec defaults,
        boolean statistics,
        CacheSettings.OutagePolicy outagePolicy,
        Duration outageRetry,
        java.util.function.Function<String, Optional<NearSpec>> nearLookup,
        Duration nearCheckInterval,
        java.util.function.Function<String, Optional<Bound>> boundLookup)
        implements io.redkit.config.RedkitSettings {

    /** Key {@value}: the bound of caches without a {@code .max-entries} key of their own (none: unbounded). */
    public static final String MAX_ENTRIES_DEFAULT = "redkit.cache.max-entries-default";
    /** Key {@value}: how bounded caches choose what to evict ({@link Eviction}). */
    public static final String EVICTION = "redkit.cache.eviction";

    /** How a bounded cache chooses the entries it evicts when a write takes it over its bound. */
    public enum Eviction {
        /** Least recently used, exactly: each entry's last read or write in a sorted set ({@code ZADD}, {@code ZPOPMIN}). */
        LRU,
        /**
         * Approximately least recently used: each entry's last read or write in a hash ({@code HSET}), and the oldest of
         * 5 entries drawn at random ({@code HRANDFIELD}) is evicted, as Redis's own {@code allkeys-lru} does.
         */
        SAMPLED
    }

    /** A bounded cache: at most {@code maxEntries} entries in Redis, the rest evicted as {@code eviction} says. */
    public record Bound(long maxEntries, Eviction eviction) {}

    /**
     * The bound of {@code cacheName} in Redis: its own {@code .max-entries} key, else {@code max-entries-default};
     * empty when unbounded. Hibernate's update-timestamps region is never bounded.
     *
     * @param cacheName the cache
     * @return its bound, or empty when unbounded
     */
    public Optional<Bound> bound(String cacheName) {
        return boundLookup.apply(cacheName);
    }

    static String maxEntriesKey(String cacheName) {
        return "redkit.cache." + cacheName + ".max-entries";
    }

    /** Key {@value}: the near cache of caches without a {@code .near} key of their own (none: no near cache). */
    public static final String NEAR_DEFAULT = "redkit.cache.near-default";
    /** Key {@value}: how often a near cache checks that it missed no invalidation. */
    public static final String NEAR_CHECK_INTERVAL = "redkit.cache.near-check-interval";
    /** Longest life of an entry in a near cache when its setting does not say. */
    public static final Duration NEAR_DEFAULT_TTL = Duration.ofSeconds(60);

    /** A near cache: at most {@code maxEntries} held in each JVM, each for at most {@code ttl}. */
    public record NearSpec(long maxEntries, Duration ttl) {}

    /**
     * The near cache configured for {@code cacheName}: its own {@code .near} key, else {@code near-default}.
     *
     * @param cacheName the cache
     * @return its near cache, or empty when it has none
     */
    public Optional<NearSpec> near(String cacheName) {
        return nearLookup.apply(cacheName);
    }

    static String nearKey(String cacheName) {
        return "redkit.cache." + cacheName + ".near";
    }

    /** Key {@value}: the declared caches, comma-separated. */
    public static final String NAMES = "redkit.cache.names";
    /** Hibernate's region of table update times: must never expire before the query results that depend on it. */
    public static final String TIMESTAMPS_REGION = "default-update-timestamps-region";

    /** Key {@value}: whether an annotation naming an undeclared cache creates it (else it fails). */
    public static final String CREATE_MISSING = "redkit.cache.create-missing";
    /** Key {@value}: the expiry of caches without an expiry of their own. */
    public static final String DEFAULT_EXPIRY = "redkit.cache.default-expiry";
    /** Key {@value}: whether caches keep statistics by default. */
    public static final String STATISTICS = "redkit.cache.statistics";
    /** Key {@value}: what caches do when Redis cannot be reached ({@link OutagePolicy}). */
    public static final String OUTAGE_POLICY = "redkit.cache.outage-policy";
    /** Key {@value}: how long a cache skips Redis after finding it unreachable before it tries again. */
    public static final String OUTAGE_RETRY = "redkit.cache.outage-retry-interval";

    /** One declared cache: its expiry and whether statistics and JMX management are on. */
    public record CacheSpec(String name, String expiry, ExpiryPolicy policy, boolean statistics, boolean management) {

        /**
         * The JCache configuration of this declaration.
         *
         * @return a new mutable configuration with its expiry, statistics and management
         */
        public MutableConfiguration<Object, Object> configuration() {
            MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
            configuration.setExpiryPolicyFactory(new FactoryBuilder.SingletonFactory<>(policy));
            configuration.setStatisticsEnabled(statistics);
            configuration.setManagementEnabled(management);
            return configuration;
        }
    }

    /**
     * The declaration of a cache.
     *
     * @param name the cache
     * @return its declaration, or empty when {@value #NAMES} does not name it
     */
    public Optional<CacheSpec> declaration(String name) {
        return Optional.ofNullable(declared.get(name));
    }

    /**
     * Reads and checks the {@code redkit.cache.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static CacheSettings from(ConfigReader config) {
        Map<String, CacheSpec> declared = new LinkedHashMap<>();
        String names = config.string(NAMES, "");
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            String expiryKey = "redkit.cache." + name + ".expiry";
            String expiry = config.string(expiryKey, "eternal");
            if (name.equals(TIMESTAMPS_REGION) && !expiry.trim().equalsIgnoreCase("eternal")) {
                throw new RedkitConfigException(
                        expiryKey,
                        expiry,
                        "Hibernate's update-timestamps region must never expire (stale query results would be served)");
            }
            declared.put(
                    name,
                    new CacheSpec(
                            name,
                            expiry,
                            expiry(expiryKey, expiry),
                            config.bool("redkit.cache." + name + ".statistics", true),
                            config.bool("redkit.cache." + name + ".management", false)));
        }
        String defaultExpiry = config.string(DEFAULT_EXPIRY, "eternal");
        boolean statistics = config.bool(STATISTICS, false);
        CacheSettings settings = new CacheSettings(
                Map.copyOf(declared),
                config.bool(CREATE_MISSING, false),
                new CacheSpec("", defaultExpiry, expiry(DEFAULT_EXPIRY, defaultExpiry), statistics, false),
                statistics,
                config.choice(OUTAGE_POLICY, CacheSettings.OutagePolicy.class, CacheSettings.OutagePolicy.BYPASS),
                config.duration(OUTAGE_RETRY, Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(10)),
                nearLookup(config),
                config.duration(NEAR_CHECK_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofHours(1)),
                boundLookup(config));
        // bounds of the caches the application declares are checked now, so that a bad one fails the deployment
        declared.keySet().forEach(settings::bound);
        settings.bound(TIMESTAMPS_REGION);
        return settings;
    }

    /**
     * Bounds are read per cache name, like near settings. A bad value fails at the first use of that name (for a
     * declared cache: at deployment, see {@link #from}).
     */
    private static java.util.function.Function<String, Optional<Bound>> boundLookup(ConfigReader config) {
        Eviction eviction = config.choice(EVICTION, Eviction.class, Eviction.LRU);
        Optional<Long> fallback = config.optional(MAX_ENTRIES_DEFAULT)
                .filter(v -> !v.isBlank())
                .flatMap(v -> parseMaxEntries(MAX_ENTRIES_DEFAULT, v));
        Map<String, Optional<Bound>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return name -> seen.computeIfAbsent(name, n -> {
            String key = maxEntriesKey(n);
            Optional<String> own = config.optional(key);
            if (n.equals(TIMESTAMPS_REGION)) {
                if (own.isPresent() && parseMaxEntries(key, own.get()).isPresent()) {
                    throw new RedkitConfigException(
                            key,
                            own.get(),
                            "Hibernate's update-timestamps region must not be bounded (an evicted update time lets"
                                    + " stale query results be served)");
                }
                return Optional.empty();
            }
            Optional<Long> max = own.isPresent() ? parseMaxEntries(key, own.get()) : fallback;
            return max.map(m -> new Bound(m, eviction));
        });
    }

    /** A positive count, or {@code off} / empty for unbounded. */
    static Optional<Long> parseMaxEntries(String key, String value) {
        String text = value.trim();
        if (text.isEmpty() || text.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        long max;
        try {
            max = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new RedkitConfigException(key, value, "must be a number of entries (e.g. 100000) or off");
        }
        if (max < 1 || max > 1_000_000_000L) {
            throw new RedkitConfigException(key, value, "must be between 1 and 1000000000 entries, or off");
        }
        return Optional.of(max);
    }

    /** Near settings are read per cache name (Hibernate regions and annotation caches are not listed anywhere). */
    private static java.util.function.Function<String, Optional<NearSpec>> nearLookup(ConfigReader config) {
        Optional<NearSpec> fallback =
                config.optional(NEAR_DEFAULT).filter(v -> !v.isBlank()).map(v -> parseNear(NEAR_DEFAULT, v));
        Map<String, Optional<NearSpec>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return name -> seen.computeIfAbsent(name, n -> {
            String key = nearKey(n);
            Optional<String> own = config.optional(key);
            if (own.isEmpty()) {
                return fallback;
            }
            String value = own.get().trim();
            return value.isEmpty() || value.equalsIgnoreCase("off")
                    ? Optional.empty()
                    : Optional.of(parseNear(key, value));
        });
    }

    /** {@code <max-entries>[,<ttl>]}, e.g. {@code 10000} or {@code 10000,30s}. */
    static NearSpec parseNear(String key, String value) {
        String[] parts = value.split(",", -1);
        if (parts.length > 2) {
            throw new RedkitConfigException(key, value, "must be <max-entries>[,<ttl>] (e.g. 10000,30s) or off");
        }
        long max;
        try {
            max = Long.parseLong(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new RedkitConfigException(key, value, "must be <max-entries>[,<ttl>] (e.g. 10000,30s) or off");
        }
        if (max < 1 || max > 100_000_000L) {
            throw new RedkitConfigException(key, value, "max entries must be between 1 and 100000000");
        }
        Duration ttl = parts.length == 2
                ? ConfigReader.of(Map.of(key, parts[1].trim()))
                        .duration(key, NEAR_DEFAULT_TTL, Duration.ofMillis(1), Duration.ofDays(1))
                : NEAR_DEFAULT_TTL;
        return new NearSpec(max, ttl);
    }

    /**
     * Settings for a manager made outside CDI: its properties first, then MicroProfile Config (when the application
     * has it), then system properties.
     */
    static CacheSettings resolve(ClassLoader classLoader, Properties properties) {
        Function<String, Optional<String>> mp = mpConfig(classLoader);
        return from(ConfigReader.of(key -> {
            String value = properties == null ? null : properties.getProperty(key);
            if (value != null) {
                return Optional.of(value);
            }
            Optional<String> fromMp = mp.apply(key);
            return fromMp.isPresent() ? fromMp : Optional.ofNullable(System.getProperty(key));
        }));
    }

    private static Function<String, Optional<String>> mpConfig(ClassLoader classLoader) {
        try {
            org.eclipse.microprofile.config.Config config =
                    org.eclipse.microprofile.config.ConfigProvider.getConfig(classLoader);
            return key -> config.getOptionalValue(key, String.class);
        } catch (RuntimeException | LinkageError e) {
            return key -> Optional.empty();
        }
    }

    /** {@code eternal}, or {@code created|accessed|modified|touched:duration}. */
    static ExpiryPolicy expiry(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("eternal")) {
            return new EternalExpiryPolicy();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new RedkitConfigException(
                    key, value, "must be eternal or created|accessed|modified|touched:<duration> (e.g. created:10m)");
        }
        Duration duration = ConfigReader.of(Map.of(key, text.substring(colon + 1)))
                .duration(key, Duration.ZERO, Duration.ofMillis(1), Duration.ofDays(3650));
        javax.cache.expiry.Duration d = new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, duration.toMillis());
        return switch (text.substring(0, colon)) {
            case "created" -> new CreatedExpiryPolicy(d);
            case "accessed" -> new AccessedExpiryPolicy(d);
            case "modified" -> new ModifiedExpiryPolicy(d);
            case "touched" -> new TouchedExpiryPolicy(d);
            default -> throw new RedkitConfigException(
                    key,
                    value,
                    "expiry kind must be one of "
                            + Arrays.toString(new String[] {"eternal", "created", "accessed", "modified", "touched"}));
        };
    }

    /** What a cache does when Redis cannot be reached. */
    public enum OutagePolicy {
        /**
         * Reads miss, writes skip Redis (the writer still runs); the cache is cleared when Redis is back, on this node
         * because it skipped, on every node because its connections dropped (a restarted Redis may bring old values
         * back from its persistence).
         */
        BYPASS,
        /** Operations throw {@link javax.cache.CacheException}. */
        FAIL
    }
}
