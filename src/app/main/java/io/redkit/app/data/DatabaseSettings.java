package io.redkit.app.data;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;

/**
 * Where the reference app's PostgreSQL database is. Either
 *
 * <ul>
 *   <li>the pool the application defines ({@value Database#JNDI}): {@code redkit.app.datasource.url}, {@code .user},
 *       {@code .password} (or the environment variables {@code REDKIT_APP_DATASOURCE_URL}, {@code _USER},
 *       {@code _PASSWORD}), all three required; or
 *   <li>a JDBC resource of the server: {@code redkit.app.datasource.jndi=jdbc/redkit}, created by the operator (see
 *       {@code server-config/post-boot-commands.asadmin}); the three keys above are then not used.
 * </ul>
 *
 * With nothing set, deployment fails naming the keys ({@code mvn -Prun} starts an embedded PostgreSQL and sets them).
 */
public record DatabaseSettings(String jndi, String url, String user, String password) {

    public static final String JNDI = "redkit.app.datasource.jndi";
    public static final String URL = "redkit.app.datasource.url";
    public static final String USER = "redkit.app.datasource.user";
    public static final String PASSWORD = "redkit.app.datasource.password";

    public static DatabaseSettings from(ConfigReader config) {
        String jndi = config.optional(JNDI).orElse(Database.JNDI); // blank: unset
        if (!jndi.equals(Database.JNDI)) {
            return new DatabaseSettings(jndi, null, null, null);
        }
        String url = config.optional(URL)
                .orElseThrow(() -> new RedkitConfigException(
                        URL,
                        null,
                        "no database configured: set " + URL + " (jdbc:postgresql://host:5432/db), " + USER + " and "
                                + PASSWORD + ", or " + JNDI + " to a JDBC resource of the server; mvn -Prun starts an"
                                + " embedded PostgreSQL for development"));
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new RedkitConfigException(URL, url, "must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/db");
        }
        String user = config.optional(USER)
                .orElseThrow(() -> new RedkitConfigException(USER, null, "the database user is required"));
        String password = config.optional(PASSWORD)
                .orElseThrow(() -> new RedkitConfigException(PASSWORD, null, "the database password is required"));
        return new DatabaseSettings(jndi, url, user, password);
    }

    /** True when the database is a JDBC resource of the server, not the pool the application defines. */
    public boolean serverResource() {
        return url == null;
    }

    /** Where, for log lines: the URL, or the resource's JNDI name. */
    public String where() {
        return serverResource() ? "JDBC resource " + jndi : url;
    }

    @Override
    public String toString() {
        return serverResource()
                ? "DatabaseSettings[jndi=" + jndi + "]"
                : "DatabaseSettings[url=" + url + ", user=" + user + ", password=(hidden)]";
    }
}
