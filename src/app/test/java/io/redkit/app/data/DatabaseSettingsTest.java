package io.redkit.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.testing.PostgresTestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static final Map<String, String> GOOD = Map.of(
            DatabaseSettings.URL, "jdbc:postgresql://db:5432/redkit",
            DatabaseSettings.USER, "redkit",
            DatabaseSettings.PASSWORD, "s3cret");

    @Test
    void allThreeKeys_Read() {
        DatabaseSettings settings = DatabaseSettings.from(ConfigReader.of(GOOD));
        assertEquals("jdbc:postgresql://db:5432/redkit", settings.url());
        assertEquals("redkit", settings.user());
        assertFalse(settings.toString().contains("s3cret"), "the password is never printed: " + settings);
    }

    @Test
    void eachMissingKey_IsNamed() {
        for (String key : GOOD.keySet()) {
            Map<String, String> config = new HashMap<>(GOOD);
            config.remove(key);
            RedkitConfigException e =
                    assertThrows(RedkitConfigException.class, () -> DatabaseSettings.from(ConfigReader.of(config)));
            assertEquals(key, e.key());
        }
    }

    @Test
    void serverResource_NeedsNoUrlUserOrPassword() {
        DatabaseSettings settings =
                DatabaseSettings.from(ConfigReader.of(Map.of(DatabaseSettings.JNDI, " jdbc/redkit ")));
        assertTrue(settings.serverResource());
        assertEquals("jdbc/redkit", settings.jndi());
        assertEquals("JDBC resource jdbc/redkit", settings.where());
        DatabaseSettings own = DatabaseSettings.from(ConfigReader.of(withKey(DatabaseSettings.JNDI, Database.JNDI)));
        assertFalse(own.serverResource(), "the app's own pool name means: the URL keys");
        assertFalse(DatabaseSettings.from(ConfigReader.of(withKey(DatabaseSettings.JNDI, " ")))
                .serverResource());
    }

    private static Map<String, String> withKey(String key, String value) {
        Map<String, String> config = new HashMap<>(GOOD);
        config.put(key, value);
        return config;
    }

    @Test
    void notAPostgresUrl_IsRefusedNamingTheKey() {
        Map<String, String> config = new HashMap<>(GOOD);
        config.put(DatabaseSettings.URL, "jdbc:mysql://db/redkit");
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> DatabaseSettings.from(ConfigReader.of(config)));
        assertEquals(DatabaseSettings.URL, e.key());
    }

    @Test
    void check_AgainstARealServer_AcceptsItsDatabase_AndNamesTheUrlForAMissingOne() {
        try (PostgresTestServer server = PostgresTestServer.start()) {
            Map<String, String> database = server.newDatabase("check");
            Database.check(DatabaseSettings.from(ConfigReader.of(database)));

            Map<String, String> missing = new HashMap<>(database);
            missing.put(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:" + server.port() + "/no_such_db");
            RedkitConfigException e = assertThrows(
                    RedkitConfigException.class, () -> Database.check(DatabaseSettings.from(ConfigReader.of(missing))));
            assertEquals(DatabaseSettings.URL, e.key());
            assertTrue(e.getMessage().contains("no_such_db"), e.getMessage());
        }
    }
}
