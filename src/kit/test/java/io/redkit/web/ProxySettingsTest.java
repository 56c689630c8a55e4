package io.redkit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void from_BadCidr_ErrorNamesKey() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> ProxySettings.from(ConfigReader.of(Map.of(ProxySettings.TRUSTED, "10.0.0.0/33"))));
        assertTrue(e.getMessage().contains(ProxySettings.TRUSTED), e.getMessage());
        e = assertThrows(
                RedkitConfigException.class,
                () -> ProxySettings.from(ConfigReader.of(Map.of(ProxySettings.TRUSTED, "proxy.internal"))));
        assertTrue(e.getMessage().contains(ProxySettings.TRUSTED), e.getMessage());
    }

    @Test
    void from_LegacyKeyOnly_ReadAsAlias() {
        ProxySettings s = ProxySettings.from(ConfigReader.of(Map.of(ProxySettings.LEGACY_TRUSTED, "127.0.0.1")));
        assertTrue(s.isTrusted("127.0.0.1"));
        assertEquals(ProxySettings.ClientIpHeader.X_FORWARDED_FOR, s.clientIpHeader());
    }

    @Test
    void from_LegacyKeyDiffers_ErrorNamesNewKey() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> ProxySettings.from(ConfigReader.of(
                        Map.of(ProxySettings.LEGACY_TRUSTED, "127.0.0.1", ProxySettings.TRUSTED, "10.0.0.0/8"))));
        assertTrue(e.getMessage().contains(ProxySettings.TRUSTED), e.getMessage());
    }

    @Test
    void from_BadHeader_ErrorNamesKey() {
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> ProxySettings.from(ConfigReader.of(Map.of(ProxySettings.CLIENT_IP_HEADER, "x-client-ip"))));
        assertTrue(e.getMessage().contains(ProxySettings.CLIENT_IP_HEADER), e.getMessage());
    }

    @Test
    void isTrusted_V4MappedPeer_MatchesV4Block() {
        ProxySettings s = ProxySettings.from(ConfigReader.of(Map.of(ProxySettings.TRUSTED, "10.0.0.0/8")));
        assertTrue(s.isTrusted("::ffff:10.1.2.3"));
    }
}
