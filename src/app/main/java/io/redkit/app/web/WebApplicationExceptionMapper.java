package io.redkit.app.web;

import io.redkit.redis.RedisOutages;
import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@link WebApplicationException} (404, 405, 409, 413, 415, 429, ...) as problem+json, keeping the headers the
 * status needs ({@code Allow}, {@code Retry-After}) and replacing JAX-RS's bare "HTTP 404 Not Found" with a detail
 * that says what was asked for.
 */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Context
    Request request;

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            RedisOutages.log(LOG, Level.WARNING, "Request failed with " + status, exception);
        }
        Response.ResponseBuilder builder = Problems.builder(Problems.of(status, detail(exception, status)));
        for (String header : new String[] {
            HttpHeaders.ALLOW,
            HttpHeaders.RETRY_AFTER,
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "RateLimit-Policy",
            HttpHeaders.WWW_AUTHENTICATE
        }) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                builder.header(header, value);
            }
        }
        return builder.build();
    }

    private String detail(WebApplicationException exception, int status) {
        String path = uriInfo == null ? "" : uriInfo.getRequestUri().getRawPath();
        if (exception instanceof NotFoundException && isDefaultMessage(exception, status)) {
            return "No resource at " + path;
        }
        if (exception instanceof NotAllowedException) {
            return "Method " + request.getMethod() + " is not allowed on " + path + "; allowed: "
                    + exception.getResponse().getAllowedMethods();
        }
        if (exception instanceof NotAcceptableException) {
            return ErrorPageServlet.notAcceptable(path, headers.getHeaderString(HttpHeaders.ACCEPT));
        }
        if (exception instanceof NotSupportedException) {
            return "Content-Type " + headers.getMediaType() + " is not supported by " + path
                    + "; send application/json";
        }
        if (status >= 500) {
            return "The server could not complete the request";
        }
        if (exception.getCause() instanceof NoContentException) {
            return "A JSON request body is required by " + request.getMethod() + " " + path;
        }
        return isDefaultMessage(exception, status) ? Problems.reason(status) : exception.getMessage();
    }

    private static boolean isDefaultMessage(WebApplicationException exception, int status) {
        String message = exception.getMessage();
        return message == null || message.isBlank() || message.startsWith("HTTP " + status);
    }
}
