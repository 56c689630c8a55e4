package io.redkit.bench;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.redisson.Bucket4jRedisson;
import java.time.Duration;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;

/**
 * The rate limiters redkit is measured beside, one limit of 50 per second per client: Bucket4j's Redisson backend
 * (its compare-and-swap proxy manager, a greedy token bucket, keys expiring once the bucket would be full again) and
 * Redisson's {@code RRateLimiter} ({@code OVERALL}, configured for every client before measuring).
 */
final class Anchors {

    static final List<String> NAMES = List.of("bucket4j-redisson", "redisson-ratelimiter");

    private final String name;
    private final ProxyManager<String> bucket4j;
    private final BucketConfiguration bucketConfiguration;
    private final RRateLimiter[] limiters;

    Anchors(RedissonClient redisson, String name) {
        this.name = name;
        if (name.equals("bucket4j-redisson")) {
            bucket4j = Bucket4jRedisson.casBasedBuilder(((Redisson) redisson).getCommandExecutor())
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                    .build();
            bucketConfiguration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder()
                            .capacity(50)
                            .refillGreedy(50, Duration.ofSeconds(1))
                            .build())
                    .build();
            limiters = null;
        } else if (name.equals("redisson-ratelimiter")) {
            bucket4j = null;
            bucketConfiguration = null;
            limiters = new RRateLimiter[RateLimitBenchmark.CLIENTS];
            List<java.util.concurrent.CompletableFuture<Boolean>> set = new java.util.ArrayList<>();
            for (int i = 0; i < limiters.length; i++) {
                limiters[i] = redisson.getRateLimiter("bench:rrl:ip:10.0." + i);
                set.add(limiters[i]
                        .trySetRateAsync(RateType.OVERALL, 50, Duration.ofSeconds(1))
                        .toCompletableFuture());
            }
            set.forEach(java.util.concurrent.CompletableFuture::join);
        } else {
            bucket4j = null;
            bucketConfiguration = null;
            limiters = null;
        }
    }

    boolean active() {
        return NAMES.contains(name);
    }

    /** One decision of client {@code index}: true when admitted. */
    boolean tryAcquire(int index) {
        if (bucket4j != null) {
            return bucket4j.builder()
                    .build("bench:b4j:ip:10.0." + index, () -> bucketConfiguration)
                    .tryConsume(1);
        }
        return limiters[index].tryAcquire();
    }
}
