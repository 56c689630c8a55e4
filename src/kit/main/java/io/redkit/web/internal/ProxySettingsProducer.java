package io.redkit.web.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.internal.FeatureSettingsProducer;
import io.redkit.web.ProxyHeaders;
import io.redkit.web.ProxySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The proxy trust boundary, read and checked once; also checked at deployment (see {@link FeatureSettingsProducer}). */
@ApplicationScoped
public class ProxySettingsProducer extends FeatureSettingsProducer<ProxySettings> {

    @Override
    public ProxySettings read(ConfigReader config) {
        return ProxySettings.from(config);
    }

    @Produces
    ProxySettings produce() {
        return settings();
    }

    @Produces
    ProxyHeaders proxyHeaders() {
        return new ProxyHeaders(settings());
    }
}
