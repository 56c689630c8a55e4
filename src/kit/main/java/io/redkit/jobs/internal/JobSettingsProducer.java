package io.redkit.jobs.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.jobs.JobSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class JobSettingsProducer extends FeatureSettingsProducer<JobSettings> {

    @Override
    public JobSettings read(ConfigReader config) {
        return JobSettings.from(config);
    }

    @Produces
    JobSettings produce() {
        return settings();
    }
}
