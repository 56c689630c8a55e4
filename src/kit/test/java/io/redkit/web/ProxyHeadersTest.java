package io.redkit.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.web.internal.IpLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The proxy trust boundary, attack by attack. */
class ProxyHeadersTest {

    private static ProxyHeaders proxy(String trusted, String header) {
        return new ProxyHeaders(ProxySettings.from(
                ConfigReader.of(Map.of(ProxySettings.TRUSTED, trusted, ProxySettings.CLIENT_IP_HEADER, header))));
    }

    private static Function<String, List<String>> headers(Map<String, List<String>> values) {
        return name -> values.getOrDefault(name, List.of());
    }

    @Test
    void clientIp_ClientSentForwardedWhileSourceIsXff_Ignored() {
        ProxyHeaders p = proxy("127.0.0.1", "x-forwarded-for");
        String ip = p.clientIp(
                "127.0.0.1",
                headers(Map.of(
                        "Forwarded", List.of("for=198.51.100.77"),
                        "X-Forwarded-For", List.of("203.0.113.9"))));
        assertEquals("203.0.113.9", ip);
    }

    @Test
    void clientIp_RandomForwardedEachRequestWhileSourceIsXff_AlwaysTheSameClient() {
        ProxyHeaders p = proxy("127.0.0.1", "x-forwarded-for");
        for (int i = 0; i < 50; i++) {
            String ip = p.clientIp(
                    "127.0.0.1",
                    headers(Map.of("Forwarded", List.of("for=10.9." + i + ".1"), "X-Forwarded-For", List.of())));
            assertEquals("127.0.0.1", ip);
        }
    }

    @Test
    void clientIp_ClientPrependsSpoofedHops_RightMostUntrustedHopWins() {
        ProxyHeaders p = proxy("10.0.0.0/8", "x-forwarded-for");
        String ip = p.clientIp(
                "10.0.0.2", headers(Map.of("X-Forwarded-For", List.of("1.1.1.1, 2.2.2.2, 203.0.113.9, 10.0.0.1"))));
        assertEquals("203.0.113.9", ip);
    }

    @Test
    void clientIp_RepeatedHeaderLines_JoinedInOrder() {
        ProxyHeaders p = proxy("10.0.0.0/8", "x-forwarded-for");
        String ip = p.clientIp(
                "10.0.0.2", headers(Map.of("X-Forwarded-For", List.of("1.1.1.1", "203.0.113.9", "10.0.0.1"))));
        assertEquals("203.0.113.9", ip);
    }

    @Test
    void clientIp_HostNameHop_ProxyViewWithoutDns() {
        ProxyHeaders p = proxy("10.0.0.0/8", "x-forwarded-for");
        assertEquals(
                "10.0.0.1",
                p.clientIp("10.0.0.2", headers(Map.of("X-Forwarded-For", List.of("attacker.example, 10.0.0.1")))));
        assertEquals(
                "10.0.0.2",
                p.clientIp("10.0.0.2", headers(Map.of("X-Forwarded-For", List.of("1.2.3.4, attacker.example")))));
        assertEquals("10.0.0.2", p.clientIp("10.0.0.2", headers(Map.of("X-Forwarded-For", List.of("localhost")))));
    }

    @Test
    void clientIp_UnknownAndObfuscatedForwardedHops_ProxyView() {
        ProxyHeaders p = proxy("127.0.0.1", "forwarded");
        assertEquals("127.0.0.1", p.clientIp("127.0.0.1", headers(Map.of("Forwarded", List.of("for=unknown")))));
        assertEquals(
                "127.0.0.1", p.clientIp("127.0.0.1", headers(Map.of("Forwarded", List.of("for=_hidden;proto=https")))));
        assertEquals("127.0.0.1", p.clientIp("127.0.0.1", headers(Map.of("Forwarded", List.of("proto=https")))));
    }

    @Test
    void clientIp_ForwardedIpv6WithPort_CanonicalClient() {
        ProxyHeaders p = proxy("127.0.0.1,::1", "forwarded");
        String ip = p.clientIp(
                "::1", headers(Map.of("Forwarded", List.of("for=\"[2001:DB8::17]:4711\";proto=https, for=127.0.0.1"))));
        assertEquals("2001:db8:0:0:0:0:0:17", ip);
    }

    @Test
    void clientIp_Ipv6Spellings_OneBudget() {
        ProxyHeaders p = proxy("127.0.0.1", "x-forwarded-for");
        String a = p.clientIp("127.0.0.1", headers(Map.of("X-Forwarded-For", List.of("2001:db8::1"))));
        String b = p.clientIp("127.0.0.1", headers(Map.of("X-Forwarded-For", List.of("2001:0db8:0:0::0:1"))));
        String c = p.clientIp("127.0.0.1", headers(Map.of("X-Forwarded-For", List.of("[2001:db8::1]:80"))));
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(
                "198.51.100.1",
                p.clientIp("127.0.0.1", headers(Map.of("X-Forwarded-For", List.of("::ffff:198.51.100.1")))));
    }

    @Test
    void clientIp_UntrustedPeer_HeadersIgnored() {
        ProxyHeaders p = proxy("10.0.0.0/8", "x-forwarded-for");
        assertEquals("192.0.2.5", p.clientIp("192.0.2.5", headers(Map.of("X-Forwarded-For", List.of("203.0.113.9")))));
    }

    @Test
    void clientIp_SourceNone_SocketPeerOnly() {
        ProxyHeaders p = proxy("127.0.0.1", "none");
        assertEquals(
                "127.0.0.1",
                p.clientIp(
                        "127.0.0.1",
                        headers(Map.of(
                                "X-Forwarded-For", List.of("203.0.113.9"),
                                "Forwarded", List.of("for=203.0.113.9"),
                                "X-Real-IP", List.of("203.0.113.9")))));
    }

    @Test
    void clientIp_XRealIp_LastLineOnly() {
        ProxyHeaders p = proxy("127.0.0.1", "x-real-ip");
        assertEquals(
                "203.0.113.9",
                p.clientIp(
                        "127.0.0.1",
                        headers(Map.of(
                                "X-Real-IP", List.of("1.1.1.1", "203.0.113.9"),
                                "X-Forwarded-For", List.of("5.5.5.5")))));
    }

    @Test
    void forwardedHttps_TrustedPeerSaysHttps_True() {
        ProxyHeaders p = proxy("127.0.0.1", "x-forwarded-for");
        assertTrue(p.forwardedHttps("127.0.0.1", headers(Map.of("X-Forwarded-Proto", List.of("https")))));
        assertFalse(p.forwardedHttps("127.0.0.1", headers(Map.of("X-Forwarded-Proto", List.of("https, http")))));
        assertFalse(p.forwardedHttps("127.0.0.1", headers(Map.of("Forwarded", List.of("proto=https")))));
    }

    @Test
    void forwardedHttps_UntrustedPeer_Ignored() {
        ProxyHeaders p = proxy("10.0.0.0/8", "x-forwarded-for");
        assertFalse(p.forwardedHttps("192.0.2.5", headers(Map.of("X-Forwarded-Proto", List.of("https")))));
    }

    @Test
    void forwardedHttps_SourceForwarded_ReadsForwardedProtoOnly() {
        ProxyHeaders p = proxy("127.0.0.1", "forwarded");
        assertTrue(p.forwardedHttps("127.0.0.1", headers(Map.of("Forwarded", List.of("for=1.2.3.4;proto=https")))));
        assertFalse(p.forwardedHttps("127.0.0.1", headers(Map.of("X-Forwarded-Proto", List.of("https")))));
    }

    @Test
    void parse_NonLiterals_Null() {
        for (String text : List.of(
                "attacker.example",
                "localhost",
                "unknown",
                "_hidden",
                "010.0.0.1",
                "1.2.3",
                "1.2.3.256",
                "::1::",
                "1:2:3:4:5:6:7:8:9",
                "\uff11.2.3.4",
                "12345::",
                "")) {
            assertNull(IpLiteral.parse(text), text);
        }
    }

    @Test
    void parse_Literals_Bytes() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, IpLiteral.parse("192.0.2.1"));
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, IpLiteral.parse("::1"));
        assertArrayEquals(loopback, IpLiteral.parse("0:0:0:0:0:0:0:1"));
        assertArrayEquals(loopback, IpLiteral.parse("::1%eth0"));
        assertEquals("0:0:0:0:0:0:c000:201", IpLiteral.canonical("::192.0.2.1"));
    }

    /** No DNS by construction: no class of the boundary can even call {@code InetAddress.getByName}. */
    @Test
    void trustBoundaryClasses_NeverReferenceInetAddress() throws IOException {
        for (Class<?> type :
                List.of(IpLiteral.class, ProxyHeaders.class, ProxySettings.class, ProxySettings.Cidr.class)) {
            try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
                String classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(classFile.contains("java/lang/Object"), type + " class file read");
                assertFalse(classFile.contains("java/net/InetAddress"), type + " references InetAddress");
            }
        }
    }
}
