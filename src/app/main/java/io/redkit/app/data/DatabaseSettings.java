package io.redkit.app.data;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;

/**
 * Where the reference app's PostgreSQL database is ({@code redkit.app.datasource.*}, or the environment variables
 * {@code REDKIT_APP_DATASOURCE_URL}, {@code _USER}, {@code _PASSWORD}). All three are required: with none set,
 * deployment fails naming the keys ({@code mvn -Prun} starts an embedded PostgreSQL and sets them).
 */
public record DatabaseSettings(String url, String user, String password) {

    public static final String URL = "redkit.app.datasource.url";
    public static final String USER = "redkit.app.datasource.user";
    public static final String PASSWORD = "redkit.app.datasource.password";

    public static DatabaseSettings from(ConfigReader config) {
        String url = config.optional(URL)
                .orElseThrow(() -> new RedkitConfigException(
                        URL,
                        null,
                        "no database configured: set " + URL + " (jdbc:postgresql://host:5432/db), " + USER + " and "
                                + PASSWORD + "; mvn -Prun starts an embedded PostgreSQL for development"));
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new RedkitConfigException(URL, url, "must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/db");
        }
        String user = config.optional(USER)
                .orElseThrow(() -> new RedkitConfigException(USER, null, "the database user is required"));
        String password = config.optional(PASSWORD)
                .orElseThrow(() -> new RedkitConfigException(PASSWORD, null, "the database password is required"));
        return new DatabaseSettings(url, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=(hidden)]";
    }
}
