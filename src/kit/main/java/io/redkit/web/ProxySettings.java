package io.redkit.web;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.web.internal.IpLiteral;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one trust boundary for proxy headers ({@code redkit.proxy.*}): which TCP peers are trusted proxies, and the
 * single header their client address is read from. Used by the rate limiter (client IP) and the session filter
 * (whether the original request was HTTPS). Nothing is believed from a peer outside {@link #trusted}.
 *
 * <p>{@code redkit.ratelimit.trusted-proxies}, the former key, is still read as an alias of {@code
 * redkit.proxy.trusted}; setting both to different values fails deployment.
 */
public record ProxySettings(List<Cidr> trusted, ClientIpHeader clientIpHeader)
        implements io.redkit.config.RedkitSettings {

    /** Key {@value}: the trusted proxies, comma-separated addresses or CIDR blocks (none: no header is believed). */
    public static final String TRUSTED = "redkit.proxy.trusted";
    /** Key {@value}: the header trusted proxies report the client address in ({@link ClientIpHeader}). */
    public static final String CLIENT_IP_HEADER = "redkit.proxy.client-ip-header";
    /** The former key, read as an alias of {@link #TRUSTED}. */
    public static final String LEGACY_TRUSTED = "redkit.ratelimit.trusted-proxies";

    /** Where a trusted proxy reports the client's address (and, with it, the original scheme). */
    public enum ClientIpHeader {
        /** Socket peer only; no header is read for the address. */
        NONE,
        /** {@code X-Forwarded-For}, read right to left past trusted proxies. */
        X_FORWARDED_FOR,
        /** {@code Forwarded} (RFC 7239), {@code for=} and {@code proto=}. */
        FORWARDED,
        /** {@code X-Real-IP}. */
        X_REAL_IP
    }

    /**
     * Settings.
     *
     * @param trusted the trusted proxies
     * @param clientIpHeader the header they report the client in
     */
    public ProxySettings {
        trusted = List.copyOf(trusted);
    }

    /**
     * Reads and checks the {@code redkit.proxy.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static ProxySettings from(ConfigReader config) {
        String text = config.optional(TRUSTED).orElse(null);
        String legacy = config.optional(LEGACY_TRUSTED).orElse(null);
        String key = TRUSTED;
        if (text == null && legacy != null) {
            text = legacy;
            key = LEGACY_TRUSTED;
        } else if (text != null && legacy != null && !list(text).equals(list(legacy))) {
            throw new RedkitConfigException(
                    LEGACY_TRUSTED, legacy, "differs from " + TRUSTED + "='" + text + "'; set only " + TRUSTED);
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String cidr : list(text == null ? "" : text)) {
            try {
                cidrs.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new RedkitConfigException(key, text, e.getMessage());
            }
        }
        return new ProxySettings(
                cidrs, config.choice(CLIENT_IP_HEADER, ClientIpHeader.class, ClientIpHeader.X_FORWARDED_FOR));
    }

    /**
     * Whether {@code address} (an IP literal) is a trusted proxy; a non-literal never is.
     *
     * @param address an IP address
     * @return true when trusted
     */
    public boolean isTrusted(String address) {
        byte[] bytes = IpLiteral.parse(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** An address block such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}. */
    public record Cidr(byte[] network, int bits) {

        /**
         * Parses an address or CIDR block.
         *
         * @param text the block as configured
         * @return the block
         * @throws IllegalArgumentException saying what is wrong
         */
        public static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            byte[] address = IpLiteral.parse(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
            }
            if (address.length == 16 && IpLiteral.isV4Mapped(address) && parts.length == 1) {
                address = Arrays.copyOfRange(address, 12, 16);
            }
            int bits = address.length * 8;
            if (parts.length == 2) {
                if (!parts[1].matches("[0-9]{1,3}")) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
                bits = Integer.parseInt(parts[1]);
                if (bits > address.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
            }
            return new Cidr(address, bits);
        }

        boolean contains(byte[] candidate) {
            if (candidate.length == 16 && network.length == 4 && IpLiteral.isV4Mapped(candidate)) {
                candidate = Arrays.copyOfRange(candidate, 12, 16);
            }
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
