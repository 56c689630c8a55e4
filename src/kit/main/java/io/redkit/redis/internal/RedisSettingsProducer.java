package io.redkit.redis.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.redis.RedisSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class RedisSettingsProducer extends FeatureSettingsProducer<RedisSettings> {

    @Override
    public RedisSettings read(ConfigReader config) {
        RedisSettings read = RedisSettings.from(config);
        // a YAML file that Redisson cannot parse fails deployment too, naming redkit.redis.config
        read.configFile()
                .ifPresent(file -> RedissonConfigs.load(file, getClass().getClassLoader()));
        if (read.embedded() && !EmbeddedRedis.available(getClass().getClassLoader())) {
            throw new io.redkit.config.RedkitConfigException(
                    RedisSettings.EMBEDDED,
                    "true",
                    "the embedded redis-server needs com.github.codemonstur:embedded-redis in the application"
                            + " (an optional dependency of redkit-kit); add it, or set " + RedisSettings.ADDRESS);
        }
        return read;
    }

    @Produces
    RedisSettings produce() {
        return settings();
    }
}
