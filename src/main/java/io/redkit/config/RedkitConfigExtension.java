package io.redkit.config;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Logger;

/**
 * Fails the deployment, with one log line naming the key and the value, when any feature's settings are wrong. It
 * asks CDI for every {@link RedkitSettings} bean — each feature produces its own record from its own keys — so the
 * settings are read and checked at deployment rather than at first use, and this package depends on no feature.
 */
public class RedkitConfigExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(RedkitConfigExtension.class.getName());

    void validate(@Observes AfterDeploymentValidation validation, BeanManager beans) {
        for (Bean<?> bean : beans.getBeans(RedkitSettings.class, Any.Literal.INSTANCE)) {
            CreationalContext<?> context = beans.createCreationalContext(bean);
            try {
                beans.getReference(bean, RedkitSettings.class, context);
            } catch (RuntimeException e) {
                RedkitConfigException bad = configProblem(e);
                if (bad == null) {
                    throw e;
                }
                LOG.severe("redkit deployment stopped: " + bad.getMessage());
                validation.addDeploymentProblem(bad);
            } finally {
                context.release();
            }
        }
    }

    private static RedkitConfigException configProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedkitConfigException config) {
                return config;
            }
        }
        return null;
    }
}
