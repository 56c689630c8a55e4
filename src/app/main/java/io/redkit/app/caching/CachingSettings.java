package io.redkit.app.caching;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.time.Duration;

/** The caching-strategy examples ({@code redkit.app.caching.*}). */
public record CachingSettings(
        Duration priceTtl,
        Duration pageTtl,
        Duration statsTtl,
        Duration statsRefreshBelow,
        Duration flushInterval,
        int flushBatch,
        Duration flushVisibility) {

    static final String STATS_REFRESH_BELOW = "redkit.app.caching.stats-refresh-below";

    public static CachingSettings from(ConfigReader config) {
        Duration statsTtl = config.duration(
                "redkit.app.caching.stats-ttl", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration refreshBelow =
                config.duration(STATS_REFRESH_BELOW, Duration.ofSeconds(20), Duration.ZERO, Duration.ofDays(1));
        if (refreshBelow.compareTo(statsTtl) >= 0) {
            throw new RedkitConfigException(
                    STATS_REFRESH_BELOW,
                    config.optional(STATS_REFRESH_BELOW).orElse(refreshBelow.toString()),
                    "must be shorter than redkit.app.caching.stats-ttl (" + statsTtl + ")");
        }
        return new CachingSettings(
                config.duration(
                        "redkit.app.caching.price-ttl",
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(1),
                        Duration.ofDays(30)),
                config.duration(
                        "redkit.app.caching.page-ttl",
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(1),
                        Duration.ofDays(30)),
                statsTtl,
                refreshBelow,
                config.duration(
                        "redkit.app.caching.flush-interval",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(100),
                        Duration.ofHours(1)),
                config.integer("redkit.app.caching.flush-batch", 100, 1, 10_000),
                config.duration(
                        "redkit.app.caching.flush-visibility",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofHours(1)));
    }
}
