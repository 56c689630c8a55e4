package io.redkit.web;

import io.redkit.web.internal.IpLiteral;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a request's proxy headers may be believed to say, under {@link ProxySettings}: the client's IP address and
 * whether the original request was HTTPS. Headers are read only when the TCP peer is a trusted proxy, and only the
 * one configured header ({@code redkit.proxy.client-ip-header}); every other proxy header is ignored.
 *
 * <p>The chain is read right to left, skipping trusted proxies; the right-most untrusted hop is the client. A hop
 * that is not an IP literal ({@code unknown}, {@code _obfuscated}, a host name) stops the walk: the address the last
 * trusted proxy reported (or connected from) is used, as nothing behind it can be verified. No DNS lookup is ever
 * made. Repeated header lines are joined in order. Thread-safe and immutable.
 */
public final class ProxyHeaders {

    private final ProxySettings settings;

    /**
     * Proxy headers read as the settings say.
     *
     * @param settings the trusted proxies and header
     */
    public ProxyHeaders(ProxySettings settings) {
        this.settings = settings;
    }

    /**
     * The client's address of {@code request}, canonical: a dotted quad, or eight lower-case hex groups (IPv4-mapped IPv6 as IPv4).
     *
     * @param request the request
     * @return the client address
     */
    public String clientIp(HttpServletRequest request) {
        return clientIp(request.getRemoteAddr(), name -> Collections.list(request.getHeaders(name)));
    }

    /**
     * Whether the original request was HTTPS: the connection is, or a trusted proxy says so.
     *
     * @param request the request
     * @return true when the client used HTTPS
     */
    public boolean isHttps(HttpServletRequest request) {
        return request.isSecure()
                || forwardedHttps(request.getRemoteAddr(), name -> Collections.list(request.getHeaders(name)));
    }

    /**
     * The client address given the socket peer and {@code headers} (every line of a header, in order; an empty list
     * when absent).
     *
     * @param remoteAddr the socket peer
     * @param headers the lines of a header by name
     * @return the client address
     */
    public String clientIp(String remoteAddr, Function<String, List<String>> headers) {
        String peer = canonicalOr(remoteAddr, remoteAddr);
        if (!settings.isTrusted(remoteAddr)) {
            return peer;
        }
        List<String> chain =
                switch (settings.clientIpHeader()) {
                    case NONE -> List.of();
                    case X_FORWARDED_FOR -> split(headers.apply("X-Forwarded-For"), ",");
                    case X_REAL_IP -> lastOnly(headers.apply("X-Real-IP"));
                    case FORWARDED -> forwardedFor(headers.apply("Forwarded"));
                };
        String view = peer; // what the last trusted hop reported
        for (int i = chain.size() - 1; i >= 0; i--) {
            byte[] hop = IpLiteral.parse(bareAddress(chain.get(i)));
            if (hop == null) {
                return view;
            }
            String hopText = IpLiteral.format(hop);
            if (!settings.isTrusted(hopText)) {
                return hopText;
            }
            view = hopText;
        }
        return view;
    }

    /**
     * Whether a trusted peer reports HTTPS: {@code Forwarded: proto=} when the configured source is {@code
     * forwarded}, else {@code X-Forwarded-Proto}; the right-most value (set by the proxy nearest to us) counts.
     *
     * @param remoteAddr the socket peer
     * @param headers the lines of a header by name
     * @return true when a trusted proxy reports HTTPS
     */
    public boolean forwardedHttps(String remoteAddr, Function<String, List<String>> headers) {
        if (!settings.isTrusted(remoteAddr)) {
            return false;
        }
        List<String> protos = settings.clientIpHeader() == ProxySettings.ClientIpHeader.FORWARDED
                ? forwardedParam(headers.apply("Forwarded"), "proto")
                : split(headers.apply("X-Forwarded-Proto"), ",");
        return !protos.isEmpty() && protos.get(protos.size() - 1).equalsIgnoreCase("https");
    }

    private static List<String> split(List<String> lines, String separator) {
        List<String> out = new ArrayList<>();
        for (String line : lines == null ? List.<String>of() : lines) {
            for (String part : line.split(separator)) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static List<String> lastOnly(List<String> lines) {
        List<String> values = split(lines, ",");
        return values.isEmpty() ? List.of() : List.of(values.get(values.size() - 1));
    }

    /** The {@code for=} of every RFC 7239 element; an element without one counts as a non-literal hop. */
    private static List<String> forwardedFor(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String element : split(lines, ",")) {
            String value = param(element, "for");
            out.add(value == null ? "unknown" : value);
        }
        return out;
    }

    private static List<String> forwardedParam(List<String> lines, String name) {
        List<String> out = new ArrayList<>();
        for (String element : split(lines, ",")) {
            String value = param(element, name);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static String param(String element, String name) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    /** {@code [2001:db8::1]:4711} or {@code 192.0.2.43:47011} to the bare address; others unchanged. */
    static String bareAddress(String node) {
        String value = node.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.indexOf(':');
        return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }

    private static String canonicalOr(String text, String fallback) {
        String canonical = IpLiteral.canonical(text);
        return canonical != null ? canonical : fallback;
    }
}
