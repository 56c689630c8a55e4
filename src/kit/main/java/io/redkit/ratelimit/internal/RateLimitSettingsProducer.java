package io.redkit.ratelimit.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.ratelimit.RateLimitSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class RateLimitSettingsProducer extends FeatureSettingsProducer<RateLimitSettings> {

    @Override
    public RateLimitSettings read(ConfigReader config) {
        return RateLimitSettings.from(config);
    }

    @Produces
    RateLimitSettings produce() {
        return settings();
    }
}
