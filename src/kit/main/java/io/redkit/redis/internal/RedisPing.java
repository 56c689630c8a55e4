package io.redkit.redis.internal;

import io.redkit.redis.RedisOutages;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.BaseRedisNodes;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/** PINGs every Redis node the client uses, within a time limit, and says why when that fails. */
public final class RedisPing {

    private RedisPing() {}

    /** The outcome of one ping round; {@code error} is empty when {@code up}. */
    public record Result(boolean up, long millis, String error) {}

    public static Result ping(RedissonClient client, Duration timeout) {
        long start = System.nanoTime();
        try {
            boolean up = nodes(client).pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(
                    up, millis, up ? "" : "PING failed on at least one node (limit " + timeout.toMillis() + " ms)");
        } catch (RuntimeException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String reason = RedisTlsFailures.describe(e).orElse(RedisOutages.describe(e));
            return new Result(false, millis, reason);
        }
    }

    private static BaseRedisNodes nodes(RedissonClient client) {
        Config config = client.getConfig();
        if (config.isClusterConfig()) {
            return client.getRedisNodes(RedisNodes.CLUSTER);
        }
        if (config.isSentinelConfig()) {
            return client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE);
        }
        if (config.isSingleConfig()) {
            return client.getRedisNodes(RedisNodes.SINGLE);
        }
        return client.getRedisNodes(RedisNodes.MASTER_SLAVE);
    }
}
