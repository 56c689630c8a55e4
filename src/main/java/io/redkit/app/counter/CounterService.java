package io.redkit.app.counter;

import io.redkit.redis.RedkitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Counters (page views, downloads, ...) as plain Redis integers ({@code INCRBY}). Each increment also pushes the
 * key's expiry out by {@code redkit.app.counter.ttl}, in the same round trip, so idle counters disappear.
 */
@ApplicationScoped
public class CounterService {

    static final String FEATURE = "counter";

    @Inject
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.counter.ttl", defaultValue = "P30D")
    Duration ttl;

    public Counter increment(String name, long by) {
        RBatch batch = redisson.createBatch();
        String key = keys.key(FEATURE, name);
        batch.getAtomicLong(key).addAndGetAsync(by);
        batch.getAtomicLong(key).expireAsync(ttl);
        BatchResult<?> result = batch.execute();
        List<?> responses = result.getResponses();
        return new Counter(name, (Long) responses.get(0));
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
