package io.redkit.app.ops;

import io.redkit.app.web.WarningThrottle;
import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.KeyHash;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Failed operator logins, counted per client in Redis (so across every node): after {@code
 * redkit.app.ops.login.max-failures} (default 10) failures within {@code redkit.app.ops.login.failure-window} (default
 * 15 minutes, counted from the first failure), that client's logins are
 * refused without checking the password (429 with {@code Retry-After}) until the window ends. A successful login
 * clears the count. The client is the request's client IP as the kit's proxy trust boundary sees it ({@code
 * redkit.proxy.*}); its key name holds a hash of it, never the address. {@code max-failures=0} turns the throttle off.
 * Redis unavailable: the throttle lets the login be checked (an operator can still log in during an outage, when the
 * endpoints matter most), logged at most once a minute.
 */
@ApplicationScoped
public class OpsLoginThrottle {

    public static final String MAX_FAILURES = "redkit.app.ops.login.max-failures";
    public static final String WINDOW = "redkit.app.ops.login.failure-window";

    private static final Logger LOG = Logger.getLogger(OpsLoginThrottle.class.getName());

    /** INCR, and the window starts at the first failure: returns {count, milliseconds left}. */
    private static final String FAIL = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return {n, redis.call('PTTL', KEYS[1])}";

    /** {count or 0, milliseconds left}. */
    private static final String PEEK =
            "return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}";

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    private int maxFailures;
    private Duration window;
    private final WarningThrottle warnings = new WarningThrottle();

    @PostConstruct
    void init() {
        try {
            ConfigReader config = ConfigReader.application(getClass());
            maxFailures = config.integer(MAX_FAILURES, 10, 0, 1_000_000);
            window = config.duration(WINDOW, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1));
        } catch (RedkitConfigException e) {
            LOG.severe("redkit deployment stopped: " + e.getMessage());
            throw e;
        }
    }

    /**
     * What is counted for {@code client}: its failures in the current window, and how long its logins are still
     * refused (empty: they may be checked). One round trip; none when the throttle is off.
     */
    public Counted counted(String client) {
        if (maxFailures == 0) {
            return Counted.NONE;
        }
        List<Long> counted = run(PEEK, client);
        if (counted == null) {
            return Counted.NONE;
        }
        long failures = counted.get(0);
        return new Counted(
                failures,
                failures < maxFailures
                        ? Optional.empty()
                        : Optional.of(Duration.ofMillis(Math.max(1_000, counted.get(1)))));
    }

    /** A client's failures in the current window, and how long its logins are refused (empty: not refused). */
    public record Counted(long failures, Optional<Duration> blocked) {
        static final Counted NONE = new Counted(0, Optional.empty());
    }

    /** A failed login of {@code client}; returns how long its logins are refused now, if this failure was one too many. */
    public Optional<Duration> failed(String client) {
        if (maxFailures == 0) {
            return Optional.empty();
        }
        List<Long> counted = run(FAIL, client, Long.toString(window.toMillis()));
        if (counted == null || counted.get(0) < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(1_000, counted.get(1))));
    }

    /** A successful login after {@code counted}: the client's failures, if any, are forgotten. */
    public void succeeded(String client, Counted counted) {
        if (counted.failures() == 0) {
            return; // nothing to forget: a logged-in operator's requests cost one round trip, not two
        }
        try {
            redisson.getBucket(key(client), LongCodec.INSTANCE).delete();
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    /** The Redis key of {@code client}'s failure count: hashed, so neither logs nor {@code SCAN} show the address. */
    String key(String client) {
        return keys.key("ops", "login-failures", KeyHash.of(client));
    }

    private List<Long> run(String script, String client, String... args) {
        try {
            return redisson.getScript(LongCodec.INSTANCE)
                    .eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.MULTI, List.of(key(client)), (Object[])
                            args);
        } catch (RuntimeException e) {
            if (!RedisOutages.isOutage(e)) {
                throw e;
            }
            outage(e);
            return null;
        }
    }

    private void outage(RuntimeException e) {
        if (warnings.tryWarn()) {
            RedisOutages.log(
                    LOG,
                    Level.WARNING,
                    "Operator login throttle cannot reach Redis; logins are checked unthrottled",
                    e);
        }
    }
}
