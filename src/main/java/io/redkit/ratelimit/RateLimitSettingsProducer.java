package io.redkit.ratelimit;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class RateLimitSettingsProducer {

    private RateLimitSettings settings;

    @PostConstruct
    void read() {
        settings = RateLimitSettings.from(ConfigReader.application(getClass()));
    }

    @Produces
    RateLimitSettings settings() {
        return settings;
    }
}
