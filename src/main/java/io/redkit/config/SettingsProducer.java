package io.redkit.config;

import io.redkit.jobs.JobSettings;
import io.redkit.ratelimit.RateLimitSettings;
import io.redkit.redis.RedisSettings;
import io.redkit.session.SessionSettings;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Makes the settings validated by {@link RedkitConfigExtension} injectable. */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    RedkitConfigExtension extension;

    @Produces
    RedisSettings redis() {
        return extension.redis();
    }

    @Produces
    WebSettings web() {
        return extension.web();
    }

    @Produces
    JobSettings jobs() {
        return extension.jobs();
    }

    @Produces
    RateLimitSettings rateLimits() {
        return extension.rateLimits();
    }

    @Produces
    SessionSettings sessions() {
        return extension.sessions();
    }

    @Produces
    io.redkit.cache.CacheSettings caches() {
        return extension.caches();
    }
}
