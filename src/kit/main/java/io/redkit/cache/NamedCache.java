package io.redkit.cache;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one of the application's JCache caches by name, the same cache the {@code javax.cache} annotations and the
 * redkit {@code CacheManager} give:
 *
 * <pre>{@code
 * @Inject @NamedCache("prices") Cache<String, BigDecimal> prices;
 * }</pre>
 *
 * The name must be declared ({@code redkit.cache.names=prices}, configured by the {@code redkit.cache.prices.*}
 * keys) unless {@code redkit.cache.create-missing=true}; an undeclared name fails the deployment, naming the
 * injection point and the key. The key and value types are the injection point's; they are not checked against a
 * declared cache's configuration. The injected cache is the shared, thread-safe cache itself: closing it closes it
 * for the whole application.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface NamedCache {

    /**
     * The cache's name, as in {@code redkit.cache.names}.
     *
     * @return the cache name
     */
    @Nonbinding
    String value();
}
