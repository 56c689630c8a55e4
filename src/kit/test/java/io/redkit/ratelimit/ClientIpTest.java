package io.redkit.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientIpTest {

    private static final Map<String, String> XFF = Map.of("X-Forwarded-For", "203.0.113.7, 10.0.0.5");

    @Test
    void resolve_UntrustedPeer_IgnoresForwardingHeaders() {
        ClientIp ip = new ClientIp(List.of("10.0.0.0/8"));
        assertEquals("198.51.100.1", ip.resolve("198.51.100.1", XFF::get));
    }

    @Test
    void resolve_TrustedPeer_TakesFirstUntrustedHopFromTheRight() {
        ClientIp ip = new ClientIp(List.of("10.0.0.0/8"));
        assertEquals("203.0.113.7", ip.resolve("10.1.2.3", XFF::get));
        Map<String, String> spoofed = Map.of("X-Forwarded-For", "1.1.1.1, 203.0.113.7, 10.0.0.5");
        assertEquals("203.0.113.7", ip.resolve("10.1.2.3", spoofed::get), "a client-written left part is ignored");
    }

    @Test
    void resolve_ForwardedHeader_WithPortsAndIpv6() {
        ClientIp ip = new ClientIp(List.of("127.0.0.1", "::1/128"));
        Map<String, String> forwarded = Map.of("Forwarded", "for=\"[2001:db8::17]:4711\";proto=https, for=127.0.0.1");
        assertEquals("2001:db8::17", ip.resolve("::1", forwarded::get));
        assertEquals("192.0.2.60", ip.resolve("127.0.0.1", Map.of("Forwarded", "for=192.0.2.60:8080")::get));
    }

    @Test
    void resolve_TrustedPeerWithoutHeaders_IsThePeer() {
        ClientIp ip = new ClientIp(List.of("127.0.0.1"));
        assertEquals("127.0.0.1", ip.resolve("127.0.0.1", name -> null));
    }

    @Test
    void constructor_BadCidr_Fails() {
        assertThrows(IllegalArgumentException.class, () -> new ClientIp(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientIp(List.of("proxy.internal")));
    }
}
