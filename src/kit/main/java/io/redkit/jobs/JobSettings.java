package io.redkit.jobs;

import io.redkit.config.ConfigReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Settings of cluster-singleton jobs and distributed locks ({@code redkit.jobs.*}). */
public record JobSettings(
        boolean enabled,
        String nodeName,
        Duration lockAtMostFor,
        Duration lockAtLeastFor,
        int historySize,
        Duration stateTtl)
        implements io.redkit.config.RedkitSettings {

    /** {@code false}: this node never runs {@code @ClusterSingleton} methods (the other nodes do). */
    public static final String ENABLED = "redkit.jobs.enabled";

    /** Key {@value}: this node's name in job history (default: the host name). */
    public static final String NODE_NAME = "redkit.jobs.node-name";
    /** Key {@value}: the default lease of a job ({@link ClusterSingleton#lockAtMostFor()}). */
    public static final String LOCK_AT_MOST_FOR = "redkit.jobs.lock-at-most-for";
    /** Key {@value}: the default minimum hold of a job ({@link ClusterSingleton#lockAtLeastFor()}). */
    public static final String LOCK_AT_LEAST_FOR = "redkit.jobs.lock-at-least-for";
    /** Key {@value}: how many recent runs each job keeps in its history. */
    public static final String HISTORY_SIZE = "redkit.jobs.history-size";
    /** Key {@value}: how long a job's state and history outlive its last run. */
    public static final String STATE_TTL = "redkit.jobs.state-ttl";

    /**
     * Reads and checks the {@code redkit.jobs.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static JobSettings from(ConfigReader config) {
        Duration atMost =
                config.duration(LOCK_AT_MOST_FOR, Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofDays(7));
        return new JobSettings(
                config.bool(ENABLED, true),
                config.string(NODE_NAME, defaultNodeName()),
                atMost,
                config.duration(LOCK_AT_LEAST_FOR, Duration.ZERO, Duration.ZERO, atMost),
                config.integer(HISTORY_SIZE, 100, 0, 10_000),
                config.duration(STATE_TTL, Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofDays(3650)));
    }

    /** {@code pid@host}, as the JVM names itself: unique per process, readable in job records. */
    static String defaultNodeName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
