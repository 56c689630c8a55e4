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
 * </pre>
 */
public record CacheSettings(
        Map<String, CacheSpec> declared,
        boolean createMissing,
        CacheSpec defaults,
        boolean statistics,
        CacheBackend.OutagePolicy outagePolicy,
        Duration outageRetry)
        implements io.redkit.config.RedkitSettings {

    public static final String NAMES = "redkit.cache.names";
    /** Hibernate's region of table update times: must never expire before the query results that depend on it. */
    public static final String TIMESTAMPS_REGION = "default-update-timestamps-region";

    public static final String CREATE_MISSING = "redkit.cache.create-missing";
    public static final String DEFAULT_EXPIRY = "redkit.cache.default-expiry";
    public static final String STATISTICS = "redkit.cache.statistics";
    public static final String OUTAGE_POLICY = "redkit.cache.outage-policy";
    public static final String OUTAGE_RETRY = "redkit.cache.outage-retry-interval";

    /** One declared cache: its expiry and whether statistics and JMX management are on. */
    public record CacheSpec(String name, String expiry, ExpiryPolicy policy, boolean statistics, boolean management) {

        public MutableConfiguration<Object, Object> configuration() {
            MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
            configuration.setExpiryPolicyFactory(new FactoryBuilder.SingletonFactory<>(policy));
            configuration.setStatisticsEnabled(statistics);
            configuration.setManagementEnabled(management);
            return configuration;
        }
    }

    public Optional<CacheSpec> declaration(String name) {
        return Optional.ofNullable(declared.get(name));
    }

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
        return new CacheSettings(
                Map.copyOf(declared),
                config.bool(CREATE_MISSING, false),
                new CacheSpec("", defaultExpiry, expiry(DEFAULT_EXPIRY, defaultExpiry), statistics, false),
                statistics,
                config.choice(OUTAGE_POLICY, CacheBackend.OutagePolicy.class, CacheBackend.OutagePolicy.BYPASS),
                config.duration(OUTAGE_RETRY, Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(10)));
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
}
