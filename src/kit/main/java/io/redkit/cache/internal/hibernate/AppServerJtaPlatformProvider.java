package io.redkit.cache.internal.hibernate;

import java.util.List;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformProvider;

/**
 * Tells Hibernate the JTA platform of Payara/GlassFish, which Hibernate does not detect by itself, so that one
 * persistence.xml without {@code hibernate.transaction.jta.platform} serves every server. Hibernate's standard resolver
 * asks this provider (a {@code META-INF/services} entry, not a CDI bean) before its own guesses; it answers only when
 * the GlassFish transaction manager is in JNDI ({@code java:appserver/TransactionManager}), and null elsewhere, so
 * WildFly and Open Liberty keep their own platforms. Hibernate 7 names the platform {@code GlassFishJtaPlatform},
 * Hibernate 6 {@code SunOneJtaPlatform}: the first one present is used.
 */
public final class AppServerJtaPlatformProvider implements JtaPlatformProvider {

    static final String TRANSACTION_MANAGER = "java:appserver/TransactionManager";

    private static final Logger LOG = Logger.getLogger(AppServerJtaPlatformProvider.class.getName());

    private static final List<String> PLATFORMS = List.of(
            "org.hibernate.engine.transaction.jta.platform.internal.GlassFishJtaPlatform",
            "org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform");

    @Override
    public JtaPlatform getProvidedJtaPlatform() {
        if (!inJndi(TRANSACTION_MANAGER)) {
            return null;
        }
        for (String name : PLATFORMS) {
            try {
                Class<?> type = Class.forName(name, true, JtaPlatform.class.getClassLoader());
                LOG.fine(() -> "redkit: " + TRANSACTION_MANAGER + " is bound; Hibernate's JTA platform: " + name);
                return (JtaPlatform) type.getConstructor().newInstance();
            } catch (ClassNotFoundException absent) {
                // the other Hibernate generation
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create Hibernate's JTA platform " + name, e);
            }
        }
        return null;
    }

    static boolean inJndi(String name) {
        try {
            InitialContext context = new InitialContext();
            try {
                return context.lookup(name) != null;
            } finally {
                context.close();
            }
        } catch (NamingException | RuntimeException notThere) {
            return false;
        }
    }
}
