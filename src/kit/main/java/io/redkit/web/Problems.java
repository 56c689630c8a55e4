package io.redkit.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Builds RFC 9457 problem details ({@code application/problem+json}) in the shape redkit's own exception mappers
 * answer with, so that an application's mappers can answer the same way. All methods are static and thread-safe.
 *
 * <pre>{@code
 * @Provider
 * public class OutOfStockMapper implements ExceptionMapper<OutOfStockException> {
 *     public Response toResponse(OutOfStockException e) {
 *         return Problems.response(Problems.of(409, "Product " + e.sku() + " is out of stock"));
 *     }
 * }
 * }</pre>
 */
public final class Problems {

    /** The media type of a problem detail. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem type of a plain HTTP error, whose title is the status's reason phrase. */
    public static final String TYPE_BLANK = "about:blank";

    /** The problem type of invalid input; {@link Problem#errors()} names the fields. */
    public static final String TYPE_VALIDATION = "urn:redkit:problem:validation";

    /** The problem type of a request body that could not be read (malformed JSON, wrong types). */
    public static final String TYPE_MALFORMED_BODY = "urn:redkit:problem:malformed-body";

    /** The problem type of a 503 answered because Redis could not be reached. */
    public static final String TYPE_REDIS_UNAVAILABLE = "urn:redkit:problem:redis-unavailable";

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Problems() {}

    /**
     * A plain HTTP error: type {@code about:blank}, the status's reason phrase as title.
     *
     * @param status the HTTP status
     * @param detail what went wrong, for the client (no stack traces)
     * @return the problem
     */
    public static Problem of(int status, String detail) {
        return new Problem(TYPE_BLANK, reason(status), status, detail, null, null);
    }

    /**
     * A problem of a given type.
     *
     * @param type the problem type URI
     * @param title a short summary of the type
     * @param status the HTTP status
     * @param detail what went wrong in this case
     * @return the problem
     */
    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null);
    }

    /**
     * A 400 validation problem ({@link #TYPE_VALIDATION}).
     *
     * @param detail a summary of what is invalid
     * @param errors each offending field and what is wrong with it
     * @return the problem
     */
    public static Problem validation(String detail, List<Problem.FieldError> errors) {
        return new Problem(TYPE_VALIDATION, "Invalid request", 400, detail, null, errors);
    }

    /**
     * The 503 problem for a Redis outage met while doing something ({@link #TYPE_REDIS_UNAVAILABLE}); answer it with
     * {@link #response(Problem, int)}.
     *
     * @param detail what could not be done and why
     * @param retryAfterSeconds when the client may retry, also appended to the detail
     * @return the problem
     */
    public static Problem redisUnavailable(String detail, int retryAfterSeconds) {
        return of(
                TYPE_REDIS_UNAVAILABLE, "Service Unavailable", 503, detail + "; retry in " + retryAfterSeconds + " s");
    }

    /**
     * The problem as JSON, members without a value left out.
     *
     * @param problem the problem
     * @return its JSON text
     */
    public static String toJson(Problem problem) {
        return JSONB.toJson(problem);
    }

    /**
     * A JAX-RS response with the problem's status, {@link #MEDIA_TYPE} and the problem as body.
     *
     * @param problem the problem
     * @return the response
     */
    public static Response response(Problem problem) {
        return Response.status(problem.status())
                .type(MEDIA_TYPE)
                .entity(toJson(problem))
                .build();
    }

    /**
     * A JAX-RS response as {@link #response(Problem)} with a {@code Retry-After} header: a 503 for redkit's outages,
     * and for an application's own Redis failures.
     *
     * @param problem the problem, usually {@link #redisUnavailable(String, int)}
     * @param retryAfterSeconds the {@code Retry-After} value
     * @return the response
     */
    public static Response response(Problem problem, int retryAfterSeconds) {
        return builder(problem)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .build();
    }

    /**
     * A response builder preset as {@link #response(Problem)}, for adding headers.
     *
     * @param problem the problem
     * @return the builder
     */
    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(toJson(problem));
    }

    /**
     * The standard reason phrase of a status, e.g. "Not Found".
     *
     * @param status the HTTP status
     * @return its reason phrase, or {@code "HTTP <status>"} for an unknown one
     */
    public static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> "HTTP " + status;
        };
    }
}
