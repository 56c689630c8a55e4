package io.redkit.app.counter;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Counters (page views, downloads, ...) as plain Redis integers ({@code INCRBY}). Each increment also pushes the
 * key's expiry out by {@code redkit.app.counter.ttl}, atomically in the same round trip, so idle counters
 * disappear.
 *
 * <p>One script call rather than an {@code RBatch} of INCRBY + expire: Redisson sends scripts as EVALSHA and, for a
 * single call, retries with EVAL on NOSCRIPT; inside a batch it does not, so after a Redis restart (script cache
 * empty) such a batch fails.
 */
@ApplicationScoped
public class CounterService {

    static final String FEATURE = "counter";

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.counter.ttl", defaultValue = "P30D")
    Duration ttl;

    private static final String INCREMENT =
            "local v = redis.call('INCRBY', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) return v";

    public Counter increment(String name, long by) {
        Long value = redisson.getScript(LongCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        INCREMENT,
                        RScript.ReturnType.INTEGER,
                        List.of(keys.key(FEATURE, name)),
                        by,
                        ttl.toMillis());
        return new Counter(name, value);
    }

    public Optional<Counter> get(String name) {
        Long value = redisson.<Long>getBucket(keys.key(FEATURE, name), LongCodec.INSTANCE)
                .get();
        return Optional.ofNullable(value).map(v -> new Counter(name, v));
    }

    public boolean delete(String name) {
        return redisson.getBucket(keys.key(FEATURE, name)).delete();
    }
}
