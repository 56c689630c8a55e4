package io.redkit.cache.internal;

import io.redkit.cache.CacheSettings;
import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class CacheSettingsProducer extends FeatureSettingsProducer<CacheSettings> {

    @Override
    public CacheSettings read(ConfigReader config) {
        return CacheSettings.from(config);
    }

    @Produces
    CacheSettings produce() {
        return settings();
    }
}
