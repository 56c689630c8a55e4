package io.redkit.jobs;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class JobSettingsProducer {

    private JobSettings settings;

    @PostConstruct
    void read() {
        settings = JobSettings.from(ConfigReader.application(getClass()));
    }

    @Produces
    JobSettings settings() {
        return settings;
    }
}
