package io.redkit.jobs;

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
public class JobSettingsProducer implements SettingsReader {

    private JobSettings settings;

    @Override
    public JobSettings read(ConfigReader config) {
        return JobSettings.from(config);
    }

    @PostConstruct
    void init() {
        settings = read(ConfigReader.application(getClass()));
    }

    @Produces
    JobSettings settings() {
        return settings;
    }
}
