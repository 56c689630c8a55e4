package io.redkit.app.queue;

import io.redkit.config.ConfigReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The reference app's queues ({@code redkit.app.queue.*}). */
public record QueueSettings(
        List<String> names, int workers, int maxAttempts, Duration visibility, Duration backoff, Duration maxBackoff) {

    public static QueueSettings from(ConfigReader config) {
        return new QueueSettings(
                Arrays.stream(config.string("redkit.app.queue.names", "demo").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                config.integer("redkit.app.queue.workers", 2, 0, 64),
                config.integer("redkit.app.queue.max-attempts", 3, 1, 100),
                config.duration(
                        "redkit.app.queue.visibility",
                        Duration.ofSeconds(30),
                        Duration.ofMillis(500),
                        Duration.ofHours(12)),
                config.duration(
                        "redkit.app.queue.backoff", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)),
                config.duration(
                        "redkit.app.queue.max-backoff",
                        Duration.ofMinutes(1),
                        Duration.ofMillis(10),
                        Duration.ofDays(1)));
    }
}
