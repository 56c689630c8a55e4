package io.redkit.web.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** This feature's settings, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class WebSettingsProducer extends FeatureSettingsProducer<WebSettings> {

    @Override
    public WebSettings read(ConfigReader config) {
        return WebSettings.from(config);
    }

    @Produces
    WebSettings produce() {
        return settings();
    }
}
