package io.redkit.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One limit: at most {@code count} requests per {@code window}, written {@code 100/1m}, {@code 5/10s},
 * {@code 1000/h} ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; a bare unit means 1). For the token
 * bucket, {@code count} is the bucket's capacity (the burst) and it refills at {@code count} per {@code window}.
 */
public record Limit(long count, Duration window) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*(ms|s|m|h|d)");

    /**
     * A limit; {@code count} at least 1, {@code window} between 100 ms and 30 days.
     *
     * @throws IllegalArgumentException when a value is out of range
     *
     * @param count permits per window (for the token bucket: its capacity)
     * @param window the window
     */
    public Limit {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (window.compareTo(Duration.ofMillis(100)) < 0 || window.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("window must be between 100ms and 30d");
        }
    }

    /**
     * Parses {@code 100/1m}; the message of a failure says what is wrong.
     *
     * @param text the limit as configured
     * @return the limit
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Limit parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a limit like 100/1m, 5/10s or 1000/h");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration window =
                switch (m.group(3)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
        return new Limit(Long.parseLong(m.group(1)), window);
    }

    /**
     * Checks that no two of {@code limits} share a window: a limit's count lives in Redis under its window (so that
     * a count changed at runtime goes on counting), and two limits of one window would count in one key.
     *
     * @throws IllegalArgumentException naming the two limits
     *
     * @param limits the limits of one tier
     */
    public static void requireDistinctWindows(java.util.List<Limit> limits) {
        for (int i = 0; i < limits.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (limits.get(j).window().equals(limits.get(i).window())) {
                    throw new IllegalArgumentException(
                            limits.get(j) + " and " + limits.get(i) + " have the same window; keep the stricter one");
                }
            }
        }
    }

    /**
     * The window in whole seconds, at least 1, as the {@code w} parameter of {@code RateLimit-Policy}.
     *
     * @return the window in seconds
     */
    public long windowSeconds() {
        return Math.max(1, window.toSeconds());
    }

    @Override
    public String toString() {
        return count + "/" + (window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms");
    }
}
