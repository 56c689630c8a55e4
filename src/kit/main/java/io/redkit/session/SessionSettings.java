package io.redkit.session;

import io.redkit.config.ConfigReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of Redis-backed HTTP sessions ({@code redkit.session.*}). {@code cookieName} is the name the cookie is sent
 * and looked for under: with {@code host-prefix} it starts with {@code __Host-}.
 */
public record SessionSettings(
        boolean enabled,
        Duration maxInactive,
        SaveMode saveMode,
        int maxBytes,
        int responseBuffer,
        String cookieName,
        String cookiePath,
        String cookieDomain,
        Boolean cookieSecure,
        String sameSite,
        boolean hostPrefix,
        int maxTried,
        Duration cleanupInterval,
        List<String> excludePaths,
        int waitReplicas,
        Duration waitTimeout,
        boolean sessionScopedBeans,
        String principalAttribute,
        int maxSessionsPerPrincipal,
        WhenFull whenFull,
        String headerName,
        boolean cookieEnabled,
        List<String> watchedAttributes,
        Duration rememberMeMaxAge,
        List<io.redkit.ratelimit.Limit> creationLimits)
        implements io.redkit.config.RedkitSettings {

    /**
     * How many sessions one client address may create, e.g. {@code 20/1m,200/1h} (all must hold); unset: no limit.
     * The address is the one {@code redkit.proxy.*} decides.
     */
    public static final String CREATION_LIMIT = "redkit.session.creation-limit";

    /** Key {@value}: {@code true} stores sessions in Redis. */
    public static final String ENABLED = "redkit.session.enabled";
    /** Key {@value}: the inactivity limit of a session. */
    public static final String TIMEOUT = "redkit.session.timeout";
    /** Key {@value}: which attributes a request writes back ({@link SaveMode}). */
    public static final String SAVE_MODE = "redkit.session.save-mode";
    /** Key {@value}: the largest a session may grow, serialized. */
    public static final String MAX_BYTES = "redkit.session.max-bytes";
    /** Key {@value}: the response bytes held back so the session is stored before the response commits. */
    public static final String RESPONSE_BUFFER = "redkit.session.response-buffer";
    /** Key {@value}: the session cookie name. */
    public static final String COOKIE_NAME = "redkit.session.cookie.name";
    /** Key {@value}: the session cookie path. */
    public static final String COOKIE_PATH = "redkit.session.cookie.path";
    /** Key {@value}: the session cookie domain. */
    public static final String COOKIE_DOMAIN = "redkit.session.cookie.domain";
    /** Key {@value}: whether the cookie is {@code Secure} (unset: when the request is HTTPS). */
    public static final String COOKIE_SECURE = "redkit.session.cookie.secure";
    /** Key {@value}: the cookie {@code SameSite} attribute. */
    public static final String COOKIE_SAME_SITE = "redkit.session.cookie.same-site";
    /** Key {@value}: {@code true} names the cookie {@code __Host-...}. */
    public static final String COOKIE_HOST_PREFIX = "redkit.session.cookie.host-prefix";
    /** Key {@value}: how many session cookies of one request are tried. */
    public static final String COOKIE_MAX_TRIED = "redkit.session.cookie.max-tried";
    /** The prefix browsers accept only with Secure, Path=/ and no Domain (RFC 6265bis, section 4.1.3.2). */
    public static final String HOST_PREFIX = "__Host-";

    /** Key {@value}: how often expired sessions are swept for their events. */
    public static final String CLEANUP_INTERVAL = "redkit.session.cleanup-interval";
    /** Key {@value}: paths served without a Redis session. */
    public static final String EXCLUDE_PATHS = "redkit.session.exclude-paths";
    /** Key {@value}: the replicas that must confirm a session write ({@code WAIT}). */
    public static final String WAIT_REPLICAS = "redkit.session.wait-replicas";
    /** Key {@value}: how long a session write waits for those replicas. */
    public static final String WAIT_TIMEOUT = "redkit.session.wait-timeout";
    /** {@code @SessionScoped} beans in the Redis session (true) or in the server's own session (false). */
    public static final String SESSION_SCOPED_BEANS = "redkit.session.session-scoped-beans";

    /** The session attribute naming the principal; unset: {@code request.getUserPrincipal()}. */
    public static final String PRINCIPAL_ATTRIBUTE = "redkit.session.principal.attribute";
    /** Sessions one principal may have at once (0: no cap). */
    public static final String PRINCIPAL_MAX_SESSIONS = "redkit.session.principal.max-sessions";
    /** What a login beyond {@link #PRINCIPAL_MAX_SESSIONS} does. */
    public static final String PRINCIPAL_WHEN_FULL = "redkit.session.principal.when-full";

    /** A request header that carries the session id (for API and mobile clients); unset: cookies only. */
    public static final String HEADER_NAME = "redkit.session.header.name";
    /** Whether the session id also travels in the cookie ({@code false}: only in the header). */
    public static final String COOKIE_ENABLED = "redkit.session.cookie.enabled";

    /**
     * Attribute names (exact, or a prefix ending in {@code *}) whose values are changed in place by the libraries
     * that own them: re-serialized at commit whenever the request read or set them, and written when their bytes
     * changed. Default: Faces' own attributes (Mojarra, MyFaces), which are mutated without a new {@code
     * setAttribute}.
     */
    public static final String WATCHED_ATTRIBUTES = "redkit.session.watched-attributes";

    /** The longest a remember-me cookie lives ({@code Max-Age}); it is also never longer than the session's timeout. */
    public static final String REMEMBER_ME_MAX_AGE = "redkit.session.cookie.remember-me.max-age";
    /**
     * The request attribute that asks for a persistent session cookie ("remember me") for the request's session:
     * {@code request.setAttribute(SessionSettings.REMEMBER_ME, true)}; the session keeps it (also across id changes).
     */
    public static final String REMEMBER_ME = "io.redkit.session.remember-me";

    /** What a principal's login does when it already has the most sessions it may have. */
    public enum WhenFull {
        /** The login gets its session; the principal's oldest session (by login) is invalidated. */
        EXPIRE_OLDEST,
        /** The login is refused (409 problem+json); the existing sessions stay. */
        REFUSE_NEW
    }

    /** When attribute values are written back to Redis. */
    public enum SaveMode {
        /** Only attributes set or removed in the request (delta writes). */
        ON_SET_ATTRIBUTE,
        /** Also attributes read in the request: for apps that mutate attribute objects in place. */
        ON_GET_ATTRIBUTE,
        /** Every attribute, every request that touches the session. */
        ALWAYS
    }

    /**
     * Reads and checks the {@code redkit.session.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static SessionSettings from(ConfigReader config) {
        String sameSite = config.string(COOKIE_SAME_SITE, "Lax");
        if (!List.of("Strict", "Lax", "None").contains(sameSite)) {
            throw new io.redkit.config.RedkitConfigException(COOKIE_SAME_SITE, sameSite, "must be Strict, Lax or None");
        }
        String secure = config.optional(COOKIE_SECURE).orElse(null);
        Boolean cookieSecure = secure == null ? null : config.bool(COOKIE_SECURE, false);
        String path = config.optional(COOKIE_PATH).orElse(null);
        String domain = config.optional(COOKIE_DOMAIN).orElse(null);
        String name = config.string(COOKIE_NAME, "SESSION");
        boolean hostPrefix = config.bool(COOKIE_HOST_PREFIX, false);
        String header = config.optional(HEADER_NAME).orElse(null);
        if (header != null && !header.matches("[A-Za-z0-9-]{1,64}")) {
            throw new io.redkit.config.RedkitConfigException(
                    HEADER_NAME, header, "must be a header name of 1 to 64 of A-Za-z0-9-");
        }
        boolean cookieEnabled = config.bool(COOKIE_ENABLED, true);
        if (!cookieEnabled && header == null) {
            throw new io.redkit.config.RedkitConfigException(
                    COOKIE_ENABLED, "false", "with no cookie the id needs a header: set " + HEADER_NAME);
        }
        if (hostPrefix) {
            String why = "a " + HOST_PREFIX + " cookie (" + COOKIE_HOST_PREFIX + "=true) ";
            if (domain != null) {
                throw new io.redkit.config.RedkitConfigException(COOKIE_DOMAIN, domain, why + "must not name a Domain");
            }
            if (path != null && !path.equals("/")) {
                throw new io.redkit.config.RedkitConfigException(COOKIE_PATH, path, why + "must have Path=/");
            }
            if (Boolean.FALSE.equals(cookieSecure)) {
                throw new io.redkit.config.RedkitConfigException(COOKIE_SECURE, secure, why + "must be Secure");
            }
            if (name.startsWith(HOST_PREFIX)) {
                throw new io.redkit.config.RedkitConfigException(
                        COOKIE_NAME, name, "the prefix is added by " + COOKIE_HOST_PREFIX + "=true: name it without");
            }
        }
        return new SessionSettings(
                config.bool(ENABLED, false), // opt-in: an application that adds the kit keeps its sessions until asked
                config.duration(TIMEOUT, Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofDays(365)),
                config.choice(SAVE_MODE, SaveMode.class, SaveMode.ON_SET_ATTRIBUTE),
                config.integer(MAX_BYTES, 256 * 1024, 1024, 64 * 1024 * 1024),
                // a response body is held back up to this size until the session is stored (0: commit at first byte)
                config.integer(RESPONSE_BUFFER, 1024 * 1024, 0, 64 * 1024 * 1024),
                hostPrefix ? HOST_PREFIX + name : name,
                hostPrefix ? "/" : path,
                domain,
                hostPrefix ? Boolean.TRUE : cookieSecure,
                sameSite,
                hostPrefix,
                // session cookies looked up per request: a Cookie header full of them costs no more round trips
                config.integer(COOKIE_MAX_TRIED, 3, 1, 16),
                config.duration(CLEANUP_INTERVAL, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)),
                Arrays.stream(config.string(EXCLUDE_PATHS, "").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                // a session commit also waits (Redis WAIT) until this many replicas have it; 0: no waiting
                config.integer(WAIT_REPLICAS, 0, 0, 16),
                config.duration(WAIT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(60)),
                config.bool(SESSION_SCOPED_BEANS, true),
                config.optional(PRINCIPAL_ATTRIBUTE).orElse(null),
                config.integer(PRINCIPAL_MAX_SESSIONS, 0, 0, 10_000),
                config.choice(PRINCIPAL_WHEN_FULL, WhenFull.class, WhenFull.EXPIRE_OLDEST),
                header,
                cookieEnabled,
                Arrays.stream(config.string(WATCHED_ATTRIBUTES, "com.sun.faces.*,org.apache.myfaces.*")
                                .split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList(),
                config.duration(REMEMBER_ME_MAX_AGE, Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofDays(400)),
                creationLimits(config));
    }

    private static List<io.redkit.ratelimit.Limit> creationLimits(io.redkit.config.ConfigReader config) {
        String text = config.string(CREATION_LIMIT, "").trim();
        List<io.redkit.ratelimit.Limit> limits = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                limits.add(io.redkit.ratelimit.Limit.parse(part.trim()));
                io.redkit.ratelimit.Limit.requireDistinctWindows(limits);
            } catch (IllegalArgumentException e) {
                throw new io.redkit.config.RedkitConfigException(
                        CREATION_LIMIT, text, e.getMessage() + " (e.g. 20/1m,200/1h)");
            }
        }
        return List.copyOf(limits);
    }

    /**
     * Whether {@code name} is one of {@link #WATCHED_ATTRIBUTES}.
     *
     * @param name an attribute name
     * @return true when it is watched
     */
    public boolean watches(String name) {
        for (String pattern : watchedAttributes) {
            if (pattern.endsWith("*")
                    ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                    : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redis keeps a session this long past its inactivity limit, so the cleanup job can still fire its events.
     *
     * @return the grace period
     */
    public Duration grace() {
        return cleanupInterval.multipliedBy(3);
    }
}
