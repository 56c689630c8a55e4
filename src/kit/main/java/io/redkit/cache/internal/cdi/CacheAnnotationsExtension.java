package io.redkit.cache.internal.cdi;

import io.redkit.cache.CacheSettings;
import io.redkit.cache.NamedCache;
import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
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

    /**
     * An {@code @NamedCache} injection point naming a cache that is not declared (and {@code
     * redkit.cache.create-missing} is off) fails the deployment here, naming the key, not at its first use.
     */
    void checkNamedCache(@Observes ProcessInjectionPoint<?, ?> event) {
        NamedCache named = event.getInjectionPoint().getQualifiers().stream()
                .filter(NamedCache.class::isInstance)
                .map(NamedCache.class::cast)
                .findFirst()
                .orElse(null);
        if (named == null) {
            return;
        }
        CacheSettings settings = cacheSettings();
        if (settings == null) {
            return; // unreadable configuration: RedkitConfigExtension fails the deployment, naming the key
        }
        String name = named.value();
        if (!settings.declared().containsKey(name) && !settings.createMissing()) {
            event.addDefinitionError(new RedkitConfigException(
                    CacheSettings.NAMES,
                    String.join(",", settings.declared().keySet()),
                    "@NamedCache(\"" + name + "\") at "
                            + event.getInjectionPoint().getMember() + " names a cache"
                            + " that is not declared: add it to " + CacheSettings.NAMES + " (or set "
                            + CacheSettings.CREATE_MISSING + "=true)"));
        }
    }

    private CacheSettings cacheSettings;

    private CacheSettings cacheSettings() {
        if (cacheSettings == null) {
            try {
                cacheSettings = CacheSettings.from(config());
            } catch (RuntimeException e) {
                return null;
            }
        }
        return cacheSettings;
    }

    /** The application's MicroProfile Config, or system properties where there is none (plain CDI SE). */
    private ConfigReader config() {
        try {
            return ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader()));
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            return ConfigReader.of(key -> java.util.Optional.ofNullable(System.getProperty(key)));
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
