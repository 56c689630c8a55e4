package io.redkit.config.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Fails the deployment, with one log line naming the key and the value, when any feature's settings are wrong. Every
 * feature lists its {@link SettingsReader} as a service; they are all run while beans are discovered, before any
 * bean can be created with bad settings. This package depends on no feature.
 */
public class RedkitConfigExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(RedkitConfigExtension.class.getName());

    void validate(@Observes AfterBeanDiscovery discovery) {
        ClassLoader loader = getClass().getClassLoader();
        java.util.Optional<String> missing = ConfigReader.microProfileConfigMissing(loader);
        if (missing.isPresent()) {
            LOG.severe("redkit deployment stopped: " + missing.get());
            discovery.addDefinitionError(new IllegalStateException(missing.get()));
            return;
        }
        ConfigReader config = ConfigReader.application(getClass());
        for (SettingsReader reader : ServiceLoader.load(SettingsReader.class, loader)) {
            try {
                reader.read(config);
            } catch (RedkitConfigException e) {
                LOG.severe("redkit deployment stopped: " + e.getMessage());
                discovery.addDefinitionError(e);
                return; // one line: the first bad key; fix it and deploy again
            }
        }
    }
}
