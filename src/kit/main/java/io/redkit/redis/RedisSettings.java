package io.redkit.redis;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.io.ObjectInputFilter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How redkit reaches Redis, read once from MicroProfile Config ({@code redkit.redis.*}) and validated on creation.
 *
 * <p>Exactly one source is used: a Redisson YAML file ({@code redkit.redis.config}), a single address ({@code
 * redkit.redis.address}), or, only when asked ({@code redkit.redis.embedded=true}), an embedded redis-server for
 * development. Nothing configured and nothing asked fails deployment naming the keys: in production a missing
 * environment variable must not turn into sessions and caches that vanish at every restart.
 */
public record RedisSettings(
        Optional<Path> configFile,
        Optional<RedisAddress> address,
        String keyPrefix,
        String codecFilter,
        CodecLimits codecLimits,
        Duration timeout,
        Duration healthTimeout,
        boolean embeddedRequested,
        int embeddedPort,
        RedisTls tls,
        RedisClientTuning tuning)
        implements io.redkit.config.RedkitSettings {

    /** Key {@value}: a Redisson YAML file (Cluster, Sentinel, TLS, ...); wins over {@link #ADDRESS}. */
    public static final String CONFIG = "redkit.redis.config";
    /** Key {@value}: the address of a single Redis, {@code redis://[user:password@]host:port} or {@code rediss://...}. */
    public static final String ADDRESS = "redkit.redis.address";
    /** Key {@value}: the first part of every key ({@link RedkitKeys}). */
    public static final String KEY_PREFIX = "redkit.redis.key-prefix";
    /** Key {@value}: the classes the value codec may read, replacing the default allowlist. */
    public static final String CODEC_ALLOW = "redkit.redis.codec.allow";
    /** Patterns added to {@link #CODEC_ALLOW} (its default or its value): the application's own classes. */
    public static final String CODEC_ALLOW_ALSO = "redkit.redis.codec.allow-also";

    /** Key {@value}: how long a command waits for its reply. */
    public static final String TIMEOUT = "redkit.redis.timeout";
    /** Key {@value}: how long the readiness check waits for {@code PING}. */
    public static final String HEALTH_TIMEOUT = "redkit.redis.health-timeout";
    /** Key {@value}: {@code true} starts a redis-server for development when no Redis is configured. */
    public static final String EMBEDDED = "redkit.redis.embedded";
    /** Key {@value}: the port of that embedded redis-server (0: a free one). */
    public static final String EMBEDDED_PORT = "redkit.redis.embedded.port";

    /**
     * Classes the default codec may read back from Redis: JDK value types, collections and redkit's own classes. The
     * size limits are not part of the pattern: {@link CodecLimits} applies them to any pattern.
     */
    public static final String DEFAULT_CODEC_FILTER =
            "java.lang.*;java.util.*;java.util.concurrent.**;java.time.*;java.math.*;java.net.URI;java.io.Serializable;"
                    + "io.redkit.**;org.hibernate.cache.**;org.hibernate.query.**;org.hibernate.type.**;"
                    + "org.hibernate.engine.spi.*;org.hibernate.metamodel.**;"
                    // Weld's stand-in for a client proxy held by a @SessionScoped bean (it looks the bean up again)
                    + "org.jboss.weld.bean.proxy.util.SerializableClientProxy;org.jboss.weld.bean.StringBeanIdentifier;"
                    + "org.jboss.weld.bean.ManagedBeanIdentifier;org.jboss.weld.bean.ProducerMethodIdentifier;"
                    + "org.jboss.weld.annotated.slim.AnnotatedTypeIdentifier";

    private static final Pattern KEY_PREFIX_SYNTAX = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Settings; each value is checked.
     *
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     *
     * @param configFile a Redisson YAML file
     * @param address a single Redis
     * @param keyPrefix the key prefix
     * @param codecFilter the allowlist of the value codec
     * @param codecLimits the value codec's limits
     * @param timeout the command timeout
     * @param healthTimeout the readiness check's timeout
     * @param embeddedRequested {@value #EMBEDDED}
     * @param embeddedPort {@value #EMBEDDED_PORT}
     * @param tls the TLS settings
     * @param tuning the client tuning
     */
    public RedisSettings {
        if (configFile.isPresent() && address.isPresent()) {
            throw new RedkitConfigException(
                    ADDRESS, address.get().toString(), "set either " + CONFIG + " or " + ADDRESS + ", not both");
        }
        if (configFile.isEmpty() && address.isEmpty() && !embeddedRequested) {
            throw new RedkitConfigException(
                    ADDRESS,
                    null,
                    "no Redis configured: set " + ADDRESS + " (redis://host:6379) or " + CONFIG
                            + " (a Redisson YAML file); for development only, " + EMBEDDED
                            + "=true starts a throwaway redis-server");
        }
        if (!KEY_PREFIX_SYNTAX.matcher(keyPrefix).matches()) {
            throw new RedkitConfigException(
                    KEY_PREFIX,
                    keyPrefix,
                    "use 1 to 64 letters, digits, '.', '_' or '-' (':' and braces are added" + " by redkit)");
        }
    }

    /**
     * Reads and checks the {@code redkit.redis.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static RedisSettings from(ConfigReader config) {
        Optional<RedisAddress> address = config.optional(ADDRESS).map(RedisSettings::parseAddress);
        return new RedisSettings(
                config.optional(CONFIG).map(RedisSettings::readableFile),
                address,
                config.string(KEY_PREFIX, "redkit"),
                codecFilter(config),
                CodecLimits.from(config),
                config.duration(TIMEOUT, Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMinutes(5)),
                config.duration(HEALTH_TIMEOUT, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1)),
                config.bool(EMBEDDED, false),
                config.integer(EMBEDDED_PORT, 0, 0, 65535),
                RedisTls.from(config, address.map(RedisAddress::scheme)),
                RedisClientTuning.from(config));
    }

    /**
     * True when redkit starts a redis-server itself: only when asked ({@code redkit.redis.embedded=true}, set by
     * {@code mvn -Prun}) and no Redis is configured. A configured address or YAML file always wins.
     *
     * @return true when an embedded redis-server is started
     */
    public boolean embedded() {
        return embeddedRequested && configFile.isEmpty() && address.isEmpty();
    }

    private static Path readableFile(String value) {
        Path path;
        try {
            path = Paths.get(value).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new RedkitConfigException(CONFIG, value, "not a file path");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new RedkitConfigException(CONFIG, value, "no readable Redisson YAML file at " + path);
        }
        return path;
    }

    static RedisAddress parseAddress(String value) {
        String shown = withoutUserInfo(value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new RedkitConfigException(ADDRESS, shown, "not a URI (expected redis://host:port or rediss://...)");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new RedkitConfigException(ADDRESS, shown, "scheme must be redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RedkitConfigException(ADDRESS, shown, "no host (expected redis://host:port)");
        }
        String path = uri.getPath();
        if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getQuery() != null) {
            throw new RedkitConfigException(
                    ADDRESS, shown, "no path or query allowed; select a database in a Redisson YAML file instead");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        String username = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            username = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
            if (username.isEmpty()) {
                username = null;
            }
        }
        return new RedisAddress(
                scheme, uri.getHost(), port, Optional.ofNullable(username), Optional.ofNullable(password));
    }

    /**
     * The address as it may appear in an error message: everything between the scheme and the last {@code @} (user
     * name and password) replaced by {@code ***}, so a malformed address never puts its password in a log.
     */
    static String withoutUserInfo(String value) {
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = value.lastIndexOf('@');
        return at < start ? value : value.substring(0, start) + "***" + value.substring(at);
    }

    private static String codecFilter(ConfigReader config) {
        String pattern = codecFilter(CODEC_ALLOW, config.string(CODEC_ALLOW, DEFAULT_CODEC_FILTER));
        java.util.Optional<String> also = config.optional(CODEC_ALLOW_ALSO);
        return also.isEmpty() ? pattern : pattern + ";" + codecFilter(CODEC_ALLOW_ALSO, also.get());
    }

    private static String codecFilter(String key, String pattern) {
        try {
            ObjectInputFilter.Config.createFilter(pattern);
        } catch (IllegalArgumentException e) {
            throw new RedkitConfigException(key, pattern, "not a java.io.ObjectInputFilter pattern: " + e.getMessage());
        }
        return pattern;
    }

    /** A parsed {@code redis://[user[:password]@]host[:port]}; credentials never appear in {@link #toString()}. */
    public record RedisAddress(
            String scheme, String host, int port, Optional<String> username, Optional<String> password) {

        /**
         * The address as Redisson wants it, without credentials.
         *
         * @return the URI
         */
        public String uri() {
            return scheme + "://" + host + ":" + port;
        }

        @Override
        public String toString() {
            return uri();
        }
    }
}
