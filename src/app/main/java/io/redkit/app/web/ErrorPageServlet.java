package io.redkit.app.web;

import io.redkit.web.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's error page (see {@code web.xml}): errors outside JAX-RS, such as an unknown static path, also
 * answer problem+json instead of the server's HTML page.
 */
@WebServlet(name = "redkit-error-page", urlPatterns = "/problem")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri != null ? uri.toString() : request.getRequestURI();
        String detail =
                switch (status) {
                    case 401 -> path + " needs the operator login (HTTP Basic, realm "
                            + io.redkit.app.ops.OpsAuthentication.REALM + ")";
                    case 404 -> "No resource at " + path;
                    case 429 -> "Too many failed operator logins from this client; logins are checked again after"
                            + " Retry-After seconds";
                    case 405 -> "Method " + request.getMethod() + " is not allowed on " + path;
                    case 400 -> "The request is malformed; check its headers (such as Accept and Content-Type)";
                    case 406 -> notAcceptable(path, request.getHeader("Accept"));
                    case 411 -> "A Content-Length is required";
                    case 413 -> "The request is too large";
                    case 414 -> "The request URI is too long";
                    case 415 -> "Content-Type " + quoted(request.getContentType()) + " is not supported by " + path
                            + "; send application/json";
                    default -> status >= 500 ? "The server could not complete the request" : Problems.reason(status);
                };
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problems.toJson(Problems.of(status, detail)));
    }

    /** The detail of a 406, from Jersey's mapper or from this page. */
    static String notAcceptable(String path, String accept) {
        return "No representation of " + path + " matches the Accept header " + quoted(accept)
                + "; accept application/json";
    }

    /** A client-sent header value for a detail: quoted and cut short. */
    private static String quoted(String value) {
        if (value == null) {
            return "(none)";
        }
        return "'" + (value.length() > 100 ? value.substring(0, 100) + "..." : value) + "'";
    }
}
