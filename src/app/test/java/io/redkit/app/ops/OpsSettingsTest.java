package io.redkit.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpsSettingsTest {

    @Test
    void from_Nothing_DefaultUserAndNoLogin() {
        OpsSettings settings = OpsSettings.from(ConfigReader.of(Map.of()));
        assertEquals("ops", settings.user());
        assertFalse(settings.loginConfigured());
    }

    @Test
    void from_ShortPassword_FailsNamingTheKeyButNotThePassword() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> OpsSettings.from(ConfigReader.of(Map.of(OpsSettings.PASSWORD, "hunter2"))));
        assertEquals(OpsSettings.PASSWORD, e.key());
        assertTrue(e.getMessage().contains("at least 12 characters"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void from_BadUserName_FailsNamingTheKey() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> OpsSettings.from(ConfigReader.of(Map.of(OpsSettings.USER, "ops admin"))));
        assertEquals(OpsSettings.USER, e.key());
    }

    @Test
    void toString_HidesThePassword() {
        OpsSettings settings = new OpsSettings("ops", Optional.of("a-long-secret-password"));
        assertTrue(settings.loginConfigured());
        assertFalse(settings.toString().contains("a-long-secret-password"), settings.toString());
    }
}
