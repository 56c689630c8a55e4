package io.redkit.cache.cdi;

import io.redkit.config.ConfigReader;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.logging.Logger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes the JSR-107 annotations ({@code javax.cache.annotation}) jakarta interceptor bindings, so redkit's
 * interceptors run for them, and removes the application server's own interceptors for the same annotations
 * (Payara adds Hazelcast-backed ones to every application: with both, results would be cached twice, once in
 * Hazelcast).
 */
public class CacheAnnotationsExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(CacheAnnotationsExtension.class.getName());

    static final List<Class<? extends Annotation>> BINDINGS =
            List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

    /** Payara's JCache CDI integration: its synthetic interceptor and producer types live in this package. */
    private static final String PAYARA_JSR107 = "fish.payara.cdi.jsr107.";

    /** Switch: {@code false} leaves the javax.cache annotations to the server (redkit's interceptors are removed). */
    public static final String ENABLED = "redkit.cache.annotations.enabled";

    private boolean enabled = true;

    void registerBindings(@Observes BeforeBeanDiscovery event) {
        enabled = enabled();
        if (!enabled) {
            LOG.info("redkit: " + ENABLED + "=false: javax.cache annotations are not handled by redkit");
            return;
        }
        for (Class<? extends Annotation> binding : BINDINGS) {
            // every member (cacheName, keyGenerator, ...) is configuration, not part of the binding
            event.configureInterceptorBinding(binding).methods().forEach(m -> m.add(Nonbinding.Literal.INSTANCE));
        }
    }

    void vetoOwnInterceptorsWhenDisabled(
            @Observes @WithAnnotations(jakarta.interceptor.Interceptor.class) ProcessAnnotatedType<?> event) {
        if (!enabled
                && event.getAnnotatedType().getJavaClass().getPackage()
                        == getClass().getPackage()) {
            event.veto();
        }
    }

    void vetoServerInterceptors(@Observes ProcessSyntheticAnnotatedType<?> event) {
        if (!enabled) {
            return;
        }
        String type = event.getAnnotatedType().getJavaClass().getName();
        if (type.startsWith(PAYARA_JSR107)) {
            LOG.fine(() -> "redkit: vetoed " + type + "; redkit's interceptors handle javax.cache annotations");
            event.veto();
        }
    }

    /** Read before any bean exists; without a MicroProfile Config implementation (plain CDI SE), system properties. */
    private boolean enabled() {
        String value;
        try {
            value = ConfigProvider.getConfig(getClass().getClassLoader())
                    .getOptionalValue(ENABLED, String.class)
                    .orElse("true");
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            // no MicroProfile Config (reported by RedkitConfigExtension) or none readable yet
            value = System.getProperty(ENABLED, "true");
        }
        return ConfigReader.of(java.util.Map.of(ENABLED, value)).bool(ENABLED, true);
    }
}
