package io.redkit.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The client's IP address. {@code X-Forwarded-For} and {@code Forwarded} are believed only when the TCP peer is a
 * trusted proxy ({@code redkit.ratelimit.trusted-proxies}, CIDR list); the chain is then read from the right,
 * skipping trusted proxies, and the first untrusted address is the client. Otherwise the socket's peer address is
 * used, so a client cannot pick its own rate-limit key with a header.
 */
public final class ClientIp {

    private final List<Cidr> trusted;

    public ClientIp(List<String> trustedProxies) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String cidr : trustedProxies) {
            cidrs.add(Cidr.parse(cidr));
        }
        this.trusted = List.copyOf(cidrs);
    }

    /** {@code headers} gives a header's value or null. */
    public String resolve(String remoteAddr, Function<String, String> headers) {
        if (!isTrusted(remoteAddr)) {
            return remoteAddr;
        }
        List<String> chain = forwardedChain(headers);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return chain.isEmpty() ? remoteAddr : chain.get(0);
    }

    private boolean isTrusted(String address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> forwardedChain(Function<String, String> headers) {
        List<String> chain = new ArrayList<>();
        String forwarded = headers.apply("Forwarded");
        if (forwarded != null) {
            for (String element : forwarded.split(",")) {
                for (String pair : element.split(";")) {
                    String trimmed = pair.trim();
                    if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        chain.add(stripForwardedNode(trimmed.substring(4)));
                    }
                }
            }
            return chain;
        }
        String xff = headers.apply("X-Forwarded-For");
        if (xff != null) {
            for (String hop : xff.split(",")) {
                if (!hop.isBlank()) {
                    chain.add(hop.trim());
                }
            }
        }
        return chain;
    }

    /** {@code "[2001:db8::1]:4711"} or {@code 192.0.2.43:47011} to the bare address. */
    private static String stripForwardedNode(String node) {
        String value = node.trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.indexOf(':');
        return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }

    /** An address block such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
            }
            return new Cidr(address, bits);
        }

        boolean contains(String address) {
            byte[] candidate = literal(address);
            if (candidate == null || candidate.length != network.length) {
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

        /** Parses an IP literal without DNS lookups; null if it is not one. */
        private static byte[] literal(String text) {
            String value = text.trim();
            boolean ipv4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = value.contains(":") && value.matches("[0-9a-fA-F:.%]+");
            if (!ipv4 && !ipv6) {
                return null;
            }
            try {
                int zone = value.indexOf('%');
                return InetAddress.getByName(zone > 0 ? value.substring(0, zone) : value)
                        .getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
