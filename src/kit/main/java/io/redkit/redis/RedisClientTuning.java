package io.redkit.redis;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.time.Duration;

/**
 * How the kit's Redisson client queues, writes and retries commands (address mode; a Redisson YAML sets its own).
 *
 * <p>In Redisson 3.52 {@code retryInterval} is more than the pause before a retry: while a command waits for a pooled
 * connection, and while its write waits for the connection's event-loop thread, each interval that passes uses up an
 * attempt. A command that is not written after {@code (retryAttempts + 1) x retryInterval} fails with "Command still
 * hasn't been written into connection". The interval therefore bounds how long a command may wait on a busy JVM, not
 * only how fast an outage is reported ({@code retryAttempts x retryInterval}). Measured in issue 23 (two Payara nodes,
 * 64 clients, 2 shared cores): see docs/performance.md, "Load".
 */
public record RedisClientTuning(
        int connectionPoolSize,
        int connectionMinimumIdleSize,
        int retryAttempts,
        Duration retryInterval,
        int nettyThreads) {

    public static final String POOL_SIZE = "redkit.redis.connection-pool-size";
    public static final String MIN_IDLE = "redkit.redis.connection-minimum-idle-size";
    public static final String RETRY_ATTEMPTS = "redkit.redis.retry-attempts";
    public static final String RETRY_INTERVAL = "redkit.redis.retry-interval";
    public static final String NETTY_THREADS = "redkit.redis.netty-threads";

    public RedisClientTuning {
        if (connectionMinimumIdleSize > connectionPoolSize) {
            throw new RedkitConfigException(
                    MIN_IDLE,
                    Integer.toString(connectionMinimumIdleSize),
                    "must not exceed " + POOL_SIZE + " (" + connectionPoolSize + ")");
        }
    }

    public static RedisClientTuning from(ConfigReader config) {
        return new RedisClientTuning(
                config.integer(POOL_SIZE, 32, 1, 10_000),
                config.integer(MIN_IDLE, 4, 0, 10_000),
                config.integer(RETRY_ATTEMPTS, 3, 0, 20),
                config.duration(RETRY_INTERVAL, Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)),
                config.integer(NETTY_THREADS, 32, 1, 1024));
    }

    /** How long a command may wait for a connection and for its write before it fails unsent. */
    public Duration sendWindow() {
        return retryInterval.multipliedBy(retryAttempts + 1L);
    }
}
