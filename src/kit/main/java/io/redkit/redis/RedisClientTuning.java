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
 * only how fast an outage is reported ({@code retryAttempts x retryInterval}). The defaults and the load test behind
 * them (two Payara nodes, 64 clients, 2 shared cores): docs/performance.md, "Load".
 */
public record RedisClientTuning(
        int connectionPoolSize,
        int connectionMinimumIdleSize,
        int retryAttempts,
        Duration retryInterval,
        int nettyThreads,
        Transport transport) {

    /** How the client's Netty threads talk to the network. */
    public enum Transport {
        /** Netty's native epoll transport where it loads (Linux on x86-64 or aarch64), Java NIO elsewhere. */
        AUTO,
        /** Java NIO (Redisson's own default). */
        NIO,
        /** Netty's native epoll transport; deployment fails where it does not load. */
        EPOLL
    }

    /** Key {@value}: the most connections per Redis node. */
    public static final String POOL_SIZE = "redkit.redis.connection-pool-size";
    /** Key {@value}: the connections kept open while idle. */
    public static final String MIN_IDLE = "redkit.redis.connection-minimum-idle-size";
    /** Key {@value}: how often a command is tried again before it fails. */
    public static final String RETRY_ATTEMPTS = "redkit.redis.retry-attempts";
    /** Key {@value}: the pause between attempts (see above). */
    public static final String RETRY_INTERVAL = "redkit.redis.retry-interval";
    /** Key {@value}: the Netty event-loop threads of the client (0: Redisson's default). */
    public static final String NETTY_THREADS = "redkit.redis.netty-threads";
    /** Key {@value}: {@code auto} (default), {@code nio} or {@code epoll}; see {@link Transport}. */
    public static final String TRANSPORT = "redkit.redis.transport";

    /**
     * Tuning; each value is checked.
     *
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is out of range
     *
     * @param connectionPoolSize connections per node
     * @param connectionMinimumIdleSize idle connections kept
     * @param retryAttempts attempts after the first
     * @param retryInterval the pause between attempts
     * @param nettyThreads event-loop threads (0: default)
     * @param transport the network transport
     */
    public RedisClientTuning {
        if (connectionMinimumIdleSize > connectionPoolSize) {
            throw new RedkitConfigException(
                    MIN_IDLE,
                    Integer.toString(connectionMinimumIdleSize),
                    "must not exceed " + POOL_SIZE + " (" + connectionPoolSize + ")");
        }
    }

    /**
     * Tuning with the {@link Transport#AUTO} transport.
     *
     * @param connectionPoolSize connections per node
     * @param connectionMinimumIdleSize idle connections kept
     * @param retryAttempts attempts after the first
     * @param retryInterval the pause between attempts
     * @param nettyThreads event-loop threads (0: default)
     */
    public RedisClientTuning(
            int connectionPoolSize,
            int connectionMinimumIdleSize,
            int retryAttempts,
            Duration retryInterval,
            int nettyThreads) {
        this(connectionPoolSize, connectionMinimumIdleSize, retryAttempts, retryInterval, nettyThreads, Transport.AUTO);
    }

    /**
     * Reads and checks the client tuning keys.
     *
     * @param config the configuration
     * @return the tuning
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static RedisClientTuning from(ConfigReader config) {
        return new RedisClientTuning(
                config.integer(POOL_SIZE, 32, 1, 10_000),
                config.integer(MIN_IDLE, 4, 0, 10_000),
                config.integer(RETRY_ATTEMPTS, 3, 0, 20),
                config.duration(RETRY_INTERVAL, Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)),
                config.integer(NETTY_THREADS, 32, 1, 1024),
                config.choice(TRANSPORT, Transport.class, Transport.AUTO));
    }

    /**
     * How long a command may wait for a connection and for its write before it fails unsent.
     *
     * @return {@code (retryAttempts + 1) x retryInterval}
     */
    public Duration sendWindow() {
        return retryInterval.multipliedBy(retryAttempts + 1L);
    }
}
