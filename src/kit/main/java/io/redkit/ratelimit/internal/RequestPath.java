package io.redkit.ratelimit.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path a rule is matched against: what the container maps to a resource (servlet path + path info, already
 * percent-decoded by the container), with path parameters ({@code ;x}) stripped, dot segments resolved and repeated
 * slashes collapsed. So {@code /p%69ng}, {@code /ping;x}, {@code //ping}, {@code /./ping} and {@code /api/../ping}
 * all count against a rule for {@code /ping}. It is never decoded a second time ({@code %2569} stays {@code %69}).
 */
final class RequestPath {

    private RequestPath() {}

    static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return normalize((servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo));
    }

    /** {@code path} with path parameters stripped, dot segments resolved and slashes collapsed; starts with '/'. */
    static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.split("/")) {
            int semicolon = raw.indexOf(';');
            String segment = semicolon >= 0 ? raw.substring(0, semicolon) : raw;
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : segments) {
            normalized.append('/').append(segment);
        }
        return normalized.length() == 0 ? "/" : normalized.toString();
    }
}
