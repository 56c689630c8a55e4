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

    public static final String NODE_NAME = "redkit.jobs.node-name";
    public static final String LOCK_AT_MOST_FOR = "redkit.jobs.lock-at-most-for";
    public static final String LOCK_AT_LEAST_FOR = "redkit.jobs.lock-at-least-for";
    public static final String HISTORY_SIZE = "redkit.jobs.history-size";
    public static final String STATE_TTL = "redkit.jobs.state-ttl";

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
