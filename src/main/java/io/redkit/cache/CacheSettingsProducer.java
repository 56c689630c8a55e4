package io.redkit.cache;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class CacheSettingsProducer {

    private CacheSettings settings;

    @PostConstruct
    void read() {
        settings = CacheSettings.from(ConfigReader.application(getClass()));
    }

    @Produces
    CacheSettings settings() {
        return settings;
    }
}
