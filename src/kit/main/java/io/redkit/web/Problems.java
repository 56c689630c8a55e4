package io.redkit.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem responses; every error body of the application is made here. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem type URIs for the failures a client can act on; plain HTTP errors use {@code about:blank}. */
    public static final String TYPE_BLANK = "about:blank";

    public static final String TYPE_VALIDATION = "urn:redkit:problem:validation";
    public static final String TYPE_MALFORMED_BODY = "urn:redkit:problem:malformed-body";
    public static final String TYPE_REDIS_UNAVAILABLE = "urn:redkit:problem:redis-unavailable";

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Problems() {}

    public static Problem of(int status, String detail) {
        return new Problem(TYPE_BLANK, reason(status), status, detail, null, null);
    }

    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null);
    }

    public static Problem validation(String detail, List<Problem.FieldError> errors) {
        return new Problem(TYPE_VALIDATION, "Invalid request", 400, detail, null, errors);
    }

    public static String toJson(Problem problem) {
        return JSONB.toJson(problem);
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status())
                .type(MEDIA_TYPE)
                .entity(toJson(problem))
                .build();
    }

    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(toJson(problem));
    }

    /** The standard reason phrase of a status, e.g. "Not Found". */
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
