package io.redkit.redis;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class RedisSettingsProducer {

    private RedisSettings settings;

    @PostConstruct
    void read() {
        RedisSettings read = RedisSettings.from(ConfigReader.application(getClass()));
        // a YAML file that Redisson cannot parse fails deployment too, naming redkit.redis.config
        read.configFile()
                .ifPresent(file -> RedissonConfigs.load(file, getClass().getClassLoader()));
        settings = read;
    }

    @Produces
    RedisSettings settings() {
        return settings;
    }
}
