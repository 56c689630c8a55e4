package io.redkit.web.internal;

import java.util.Locale;

/**
 * IPv4 and IPv6 address literals, parsed by hand: never a DNS lookup, whatever the text. A host name, {@code
 * unknown} or an RFC 7239 obfuscated identifier ({@code _hidden}) is simply not a literal.
 */
public final class IpLiteral {

    private IpLiteral() {}

    /** The 4 or 16 address bytes of {@code text}, or null if it is not an IP literal; IPv6 zone ids are dropped. */
    public static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        if (value.indexOf(':') >= 0) {
            int zone = value.indexOf('%');
            return ipv6(zone >= 0 ? value.substring(0, zone) : value);
        }
        return ipv4(value);
    }

    /** Canonical text of an address: dotted quad, or eight lower-case hex groups; IPv4-mapped IPv6 as IPv4. */
    public static String format(byte[] address) {
        if (address.length == 16 && isV4Mapped(address)) {
            byte[] v4 = new byte[4];
            System.arraycopy(address, 12, v4, 0, 4);
            return format(v4);
        }
        StringBuilder text = new StringBuilder();
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                text.append(i == 0 ? "" : ".").append(address[i] & 0xff);
            }
            return text.toString();
        }
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":")
                    .append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
        }
        return text.toString();
    }

    /** {@code text} in canonical form, or null if it is not an IP literal. */
    public static String canonical(String text) {
        byte[] address = parse(text);
        return address == null ? null : format(address);
    }

    public static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    private static byte[] ipv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // no leading zeros: "010" would be octal to some parsers and decimal to others
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int octet = 0;
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                octet = octet * 10 + (ch - '0');
            }
            if (octet > 255) {
                return null;
            }
            address[i] = (byte) octet;
        }
        return address;
    }

    private static byte[] ipv6(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int gap = lower.indexOf("::");
        if (gap >= 0 && lower.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? lower.substring(0, gap) : lower;
        String tail = gap >= 0 ? lower.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] address = new byte[16];
        for (int i = 0; i < 8; i++) {
            address[2 * i] = (byte) (all[i] >> 8);
            address[2 * i + 1] = (byte) all[i];
        }
        return address;
    }

    /** 16-bit groups of one side of {@code ::}; an IPv4 tail (two groups) only where {@code last}. */
    private static int[] groups(String side, boolean last) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (last && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int group = 0;
            for (int c = 0; c < part.length(); c++) {
                int digit = "0123456789abcdef".indexOf(part.charAt(c)); // ASCII only
                if (digit < 0) {
                    return null;
                }
                group = group * 16 + digit;
            }
            out[n++] = group;
        }
        int[] result = new int[n];
        System.arraycopy(out, 0, result, 0, n);
        return result;
    }
}
