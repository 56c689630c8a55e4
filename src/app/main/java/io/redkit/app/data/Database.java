package io.redkit.app.data;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The reference app's database: the connection pool {@value #JNDI} on PostgreSQL (configured by {@link
 * DatabaseSettings}), checked and migrated at deployment, before the application serves anything.
 *
 * <p>The schema is evolved by Flyway migrations ({@code db/migration/V*.sql}, seed data included): versioned, reviewed
 * SQL, applied once per database under Flyway's PostgreSQL advisory lock, so several nodes starting at once on one
 * database migrate and seed it exactly once. Hibernate only maps the tables.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DataSourceDefinition(
        name = Database.JNDI,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=" + DatabaseSettings.URL + "}",
        user = "${MPCONFIG=" + DatabaseSettings.USER + "}",
        password = "${MPCONFIG=" + DatabaseSettings.PASSWORD + "}",
        initialPoolSize = 2,
        minPoolSize = 2,
        maxPoolSize = 32,
        maxIdleTime = 300)
public class Database {

    public static final String JNDI = "java:app/jdbc/redkit";

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    @Resource(lookup = JNDI)
    DataSource dataSource;

    @PostConstruct
    void checkAndMigrate() {
        DatabaseSettings settings;
        DataSource target;
        try {
            settings = DatabaseSettings.from(ConfigReader.application(getClass()));
            if (settings.serverResource()) {
                target = serverResource(settings.jndi());
            } else {
                check(settings);
                target = dataSource;
            }
        } catch (RedkitConfigException e) {
            LOG.severe("redkit deployment stopped: " + e.getMessage());
            throw e;
        }
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(target)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info("redkit: database " + settings.where() + " at schema version "
                + (result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion)
                + " (" + result.migrationsExecuted + " migration(s) applied now)");
    }

    /** The server's JDBC resource, checked with one connection; a missing or failing one names the key. */
    static DataSource serverResource(String jndi) {
        DataSource resource;
        try {
            resource = (DataSource) new javax.naming.InitialContext().lookup(jndi);
        } catch (javax.naming.NamingException | ClassCastException e) {
            throw new RedkitConfigException(
                    DatabaseSettings.JNDI,
                    jndi,
                    "no JDBC resource with this name (create it with create-jdbc-resource, see"
                            + " server-config/post-boot-commands.asadmin, or unset the key to use "
                            + DatabaseSettings.URL + "): " + e);
        }
        try (Connection connection = resource.getConnection()) {
            if (!connection.isValid(10)) {
                throw new SQLException("connection not valid");
            }
        } catch (SQLException e) {
            throw new RedkitConfigException(
                    DatabaseSettings.JNDI,
                    jndi,
                    "cannot connect through this JDBC resource: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return resource;
    }

    /**
     * Connects once with the configured URL and credentials, so that a wrong host, database or password fails the
     * deployment with one line naming the key, not a pool error at the first request. Never logs the password.
     */
    static void check(DatabaseSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", "10");
        try (Connection connection = new org.postgresql.Driver().connect(settings.url(), properties)) {
            if (connection == null) {
                throw new RedkitConfigException(
                        DatabaseSettings.URL, settings.url(), "not a URL the PostgreSQL driver accepts");
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) {
                throw new RedkitConfigException(
                        DatabaseSettings.PASSWORD,
                        "(hidden)",
                        "PostgreSQL refused user '" + settings.user() + "' (wrong " + DatabaseSettings.USER
                                + " or password)");
            }
            throw new RedkitConfigException(
                    DatabaseSettings.URL,
                    settings.url(),
                    "cannot connect to PostgreSQL: "
                            + e.getMessage().lines().findFirst().orElse(state));
        }
    }
}
