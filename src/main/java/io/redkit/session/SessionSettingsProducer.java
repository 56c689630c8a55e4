package io.redkit.session;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class SessionSettingsProducer {

    private SessionSettings settings;

    @PostConstruct
    void read() {
        settings = SessionSettings.from(ConfigReader.application(getClass()));
    }

    @Produces
    SessionSettings settings() {
        return settings;
    }
}
