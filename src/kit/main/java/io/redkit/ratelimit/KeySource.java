package io.redkit.ratelimit;

import java.util.Locale;

/**
 * Whose requests a rule counts together: {@code ip}, {@code principal}, {@code header:<Name>} (an API key) or
 * {@code session:<attribute>}. A request without the principal, header or session attribute is counted by its
 * client IP instead, so it cannot escape the limit by leaving it out.
 */
public record KeySource(Kind kind, String name) {

    /** The kinds of key source. */
    public enum Kind {
        /** The client's IP address, behind trusted proxies as {@code redkit.proxy.*} says. */
        IP,
        /** The authenticated user's name. */
        PRINCIPAL,
        /** The value of a request header, e.g. an API key. */
        HEADER,
        /** The HTTP session. */
        SESSION
    }

    /**
     * Parses a key source as configured: {@code ip}, {@code principal}, {@code header:<name>} or {@code session}.
     *
     * @param text the configured text
     * @return the key source
     * @throws IllegalArgumentException saying what is wrong
     */
    public static KeySource parse(String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("ip")) {
            return new KeySource(Kind.IP, null);
        }
        if (lower.equals("principal") || lower.equals("user")) {
            return new KeySource(Kind.PRINCIPAL, null);
        }
        if (lower.startsWith("header:") && value.length() > 7) {
            return new KeySource(Kind.HEADER, value.substring(7).trim());
        }
        if (lower.startsWith("session:") && value.length() > 8) {
            return new KeySource(Kind.SESSION, value.substring(8).trim());
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a key source (ip, principal, header:<Name>, session:<attribute>)");
    }

    @Override
    public String toString() {
        return name == null ? kind.name().toLowerCase(Locale.ROOT) : kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
