package io.redkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    private static SessionSettings settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return SessionSettings.from(ConfigReader.of(map));
    }

    @Test
    void from_Defaults_NoHostPrefix_ThreeCookiesTried() {
        SessionSettings s = settings();
        assertFalse(s.hostPrefix());
        assertEquals("SESSION", s.cookieName());
        assertEquals(3, s.maxTried());
        assertEquals(null, s.cookieSecure(), "Secure follows the request (or the trusted proxy)");
    }

    @Test
    void from_HostPrefix_NamesTheCookieHostAndForcesSecureAndRootPath() {
        SessionSettings s = settings(SessionSettings.COOKIE_HOST_PREFIX, "true", SessionSettings.COOKIE_PATH, "/");
        assertEquals("__Host-SESSION", s.cookieName());
        assertEquals(Boolean.TRUE, s.cookieSecure());
        assertEquals("/", s.cookiePath());
        assertEquals(null, s.cookieDomain());
    }

    @Test
    void from_HostPrefixContradicted_FailsNamingTheKey() {
        String[][] contradictions = {
            {SessionSettings.COOKIE_DOMAIN, "example.com"},
            {SessionSettings.COOKIE_PATH, "/app"},
            {SessionSettings.COOKIE_SECURE, "false"},
            {SessionSettings.COOKIE_NAME, "__Host-SESSION"}
        };
        for (String[] c : contradictions) {
            RedkitConfigException e = assertThrows(
                    RedkitConfigException.class,
                    () -> settings(SessionSettings.COOKIE_HOST_PREFIX, "true", c[0], c[1]),
                    c[0]);
            assertEquals(c[0], e.key());
            assertTrue(e.getMessage().contains(c[0]) && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void from_MaxTriedOutOfRange_FailsNamingTheKey() {
        for (String bad : new String[] {"0", "17", "many"}) {
            RedkitConfigException e = assertThrows(
                    RedkitConfigException.class, () -> settings(SessionSettings.COOKIE_MAX_TRIED, bad), bad);
            assertEquals(SessionSettings.COOKIE_MAX_TRIED, e.key());
        }
        assertEquals(1, settings(SessionSettings.COOKIE_MAX_TRIED, "1").maxTried());
    }

    @Test
    void from_CreationLimitsOfOneWindow_FailNamingTheKey() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class, () -> settings(SessionSettings.CREATION_LIMIT, "20/1m,30/60s"));
        assertEquals(SessionSettings.CREATION_LIMIT, e.key());
        assertTrue(e.getMessage().contains("20/60s and 30/60s have the same window"), e.getMessage());
    }
}
