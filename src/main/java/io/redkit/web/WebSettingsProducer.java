package io.redkit.web;

import io.redkit.config.ConfigReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Reads and checks this feature's settings once; validated at deployment by the config extension. */
@ApplicationScoped
public class WebSettingsProducer {

    private WebSettings settings;

    @PostConstruct
    void read() {
        settings = WebSettings.from(ConfigReader.application(getClass()));
    }

    @Produces
    WebSettings settings() {
        return settings;
    }
}
