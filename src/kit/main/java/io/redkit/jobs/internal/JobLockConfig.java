package io.redkit.jobs.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.WhenLocked;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lock rules of one cluster-singleton job, checked on creation: a name usable in a Redis key, a positive
 * {@code lockAtMostFor}, a {@code lockAtLeastFor} no longer than it, and what a call does while another node holds
 * the lock ({@code whenLocked}, waiting at most {@code waitFor} under {@link WhenLocked#WAIT}).
 */
public record JobLockConfig(
        String name, Duration lockAtMostFor, Duration lockAtLeastFor, WhenLocked whenLocked, Duration waitFor) {

    /** Default of {@code waitFor} under {@link WhenLocked#WAIT}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    /** A job that skips a call while the lock is held elsewhere. */
    public JobLockConfig(String name, Duration lockAtMostFor, Duration lockAtLeastFor) {
        this(name, lockAtMostFor, lockAtLeastFor, WhenLocked.SKIP, DEFAULT_WAIT);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._$#:-]{1,200}");
    private static final Duration MIN_LEASE = Duration.ofMillis(100);

    public JobLockConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Job name '" + name + "' must be 1 to 200 letters, digits or ._$#:-");
        }
        if (lockAtMostFor.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException(
                    "lockAtMostFor (" + lockAtMostFor + ") must be at least 100ms for job '" + name + "'");
        }
        if (lockAtLeastFor.isNegative()) {
            throw new IllegalArgumentException(
                    "lockAtLeastFor (" + lockAtLeastFor + ") is negative for job '" + name + "'");
        }
        if (lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("lockAtLeastFor (" + lockAtLeastFor + ") is longer than lockAtMostFor ("
                    + lockAtMostFor + ") for job '" + name + "'");
        }
        if (whenLocked == null) {
            throw new IllegalArgumentException("whenLocked is null for job '" + name + "'");
        }
        if (waitFor == null || waitFor.isNegative()) {
            throw new IllegalArgumentException("waitFor (" + waitFor + ") is negative for job '" + name + "'");
        }
    }

    /** The default job name of a method: {@code declaring.class.Name.method}. */
    public static String defaultName(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /**
     * The effective rules of an annotated job: configuration ({@code redkit.jobs.<name>.*}) over the annotation over
     * the global defaults. A bad value fails with a {@link RedkitConfigException} naming the key or attribute.
     */
    public static JobLockConfig of(
            String name, ClusterSingleton annotation, JobSettings defaults, ConfigReader config) {
        Duration atMost = attribute(name, "lockAtMostFor", annotation.lockAtMostFor(), defaults.lockAtMostFor());
        Duration atLeast = attribute(name, "lockAtLeastFor", annotation.lockAtLeastFor(), defaults.lockAtLeastFor());
        String prefix = "redkit.jobs." + name + ".";
        atMost = config.duration(prefix + "lock-at-most-for", atMost, Duration.ZERO, Duration.ofDays(7));
        atLeast = config.duration(prefix + "lock-at-least-for", atLeast, Duration.ZERO, Duration.ofDays(7));
        WhenLocked whenLocked = config.choice(prefix + "when-locked", WhenLocked.class, annotation.whenLocked());
        Duration waitFor = attribute(name, "waitFor", annotation.waitFor(), DEFAULT_WAIT);
        waitFor = config.duration(prefix + "wait-for", waitFor, Duration.ZERO, Duration.ofDays(1));
        try {
            return new JobLockConfig(name, atMost, atLeast, whenLocked, waitFor);
        } catch (IllegalArgumentException e) {
            throw new RedkitConfigException(prefix + "*", name, e.getMessage());
        }
    }

    private static Duration attribute(String job, String attribute, String value, Duration defaultValue) {
        if (value.isBlank()) {
            return defaultValue;
        }
        String key = "@ClusterSingleton(" + attribute + ") of job '" + job + "'";
        return ConfigReader.of(Map.of(key, value)).duration(key, defaultValue, Duration.ZERO, Duration.ofDays(7));
    }
}
