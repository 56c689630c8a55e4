package io.redkit.session.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.session.SessionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class SessionSettingsProducer extends FeatureSettingsProducer<SessionSettings> {

    @Override
    public SessionSettings read(ConfigReader config) {
        return SessionSettings.from(config);
    }

    @Produces
    SessionSettings produce() {
        return settings();
    }
}
