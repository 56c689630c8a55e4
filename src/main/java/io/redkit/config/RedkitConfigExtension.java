package io.redkit.config;

import io.redkit.jobs.JobSettings;
import io.redkit.ratelimit.RateLimitSettings;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedissonConfigs;
import io.redkit.session.SessionSettings;
import io.redkit.web.WebSettings;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads every feature's settings once, at deployment, and fails the deployment with one log line naming the key
 * and value when any is wrong. The validated records are then served by {@link SettingsProducer}.
 */
public class RedkitConfigExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(RedkitConfigExtension.class.getName());

    private volatile RedisSettings redis;
    private volatile WebSettings web;
    private volatile JobSettings jobs;
    private volatile RateLimitSettings rateLimits;
    private volatile SessionSettings sessions;
    private volatile io.redkit.cache.CacheSettings caches;

    void validate(@Observes AfterDeploymentValidation validation) {
        try {
            ConfigReader config =
                    ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader()));
            RedisSettings redisSettings = RedisSettings.from(config);
            redisSettings
                    .configFile()
                    .ifPresent(file -> RedissonConfigs.load(file, getClass().getClassLoader()));
            web = WebSettings.from(config);
            jobs = JobSettings.from(config);
            rateLimits = RateLimitSettings.from(config);
            sessions = SessionSettings.from(config);
            caches = io.redkit.cache.CacheSettings.from(config);
            redis = redisSettings;
        } catch (RedkitConfigException e) {
            LOG.severe("redkit deployment stopped: " + e.getMessage());
            validation.addDeploymentProblem(e);
        }
    }

    RedisSettings redis() {
        return redis;
    }

    WebSettings web() {
        return web;
    }

    JobSettings jobs() {
        return jobs;
    }

    RateLimitSettings rateLimits() {
        return rateLimits;
    }

    SessionSettings sessions() {
        return sessions;
    }

    io.redkit.cache.CacheSettings caches() {
        return caches;
    }
}
