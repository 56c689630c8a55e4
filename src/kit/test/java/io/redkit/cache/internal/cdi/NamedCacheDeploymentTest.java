package io.redkit.cache.internal.cdi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.cache.NamedCache;
import io.redkit.testing.RedkitWeld;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code @NamedCache} injection point naming an undeclared cache fails the deployment (Weld SE here), and the
 * message names the injection point and {@code redkit.cache.names}; the happy path runs on every server of the
 * matrix ({@code ShopContract.namedCache_...}).
 */
class NamedCacheDeploymentTest {

    @ApplicationScoped
    static class WantsAnUndeclaredCache {
        @Inject
        @NamedCache("nowhere")
        Cache<String, String> cache;
    }

    @AfterEach
    void clear() {
        System.clearProperty("redkit.cache.names");
    }

    @Test
    void anUndeclaredName_FailsTheDeployment_NamingTheKey() {
        System.setProperty("redkit.cache.names", "prices");
        RuntimeException failed = assertThrows(
                RuntimeException.class, () -> RedkitWeld.start("named-cache-undeclared", WantsAnUndeclaredCache.class)
                        .close());
        String message = String.valueOf(failed.getMessage()) + " " + failed.getCause();
        assertTrue(message.contains("redkit.cache.names"), message);
        assertTrue(message.contains("@NamedCache(\"nowhere\")"), message);
        assertTrue(message.contains("WantsAnUndeclaredCache"), message);
    }
}
