package io.redkit.cache.internal.hibernate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformProvider;
import org.junit.jupiter.api.Test;

/** Outside Payara the provider must stay silent so that Hibernate (or WildFly, Liberty) picks the platform. */
class AppServerJtaPlatformProviderTest {

    @Test
    void serviceFile_NamesTheProvider_SoHibernateFindsIt() {
        assertTrue(ServiceLoader.load(JtaPlatformProvider.class).stream()
                .anyMatch(p -> p.type() == AppServerJtaPlatformProvider.class));
    }

    @Test
    void getProvidedJtaPlatform_NoGlassFishTransactionManagerInJndi_ReturnsNull() {
        assertFalse(AppServerJtaPlatformProvider.inJndi(AppServerJtaPlatformProvider.TRANSACTION_MANAGER));
        assertNull(new AppServerJtaPlatformProvider().getProvidedJtaPlatform());
    }
}
