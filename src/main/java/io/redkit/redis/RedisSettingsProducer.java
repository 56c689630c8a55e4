package io.redkit.redis;

import io.redkit.config.ConfigReader;
import io.redkit.config.SettingsReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Reads and checks this feature's settings once. Also its {@link SettingsReader}: the config extension runs it at
 * deployment, so a bad value stops the deployment naming the key.
 */
@ApplicationScoped
public class RedisSettingsProducer implements SettingsReader {

    private RedisSettings settings;

    @Override
    public RedisSettings read(ConfigReader config) {
        RedisSettings read = RedisSettings.from(config);
        // a YAML file that Redisson cannot parse fails deployment too, naming redkit.redis.config
        read.configFile()
                .ifPresent(file -> RedissonConfigs.load(file, getClass().getClassLoader()));
        return read;
    }

    @PostConstruct
    void init() {
        settings = read(ConfigReader.application(getClass()));
    }

    @Produces
    RedisSettings settings() {
        return settings;
    }
}
