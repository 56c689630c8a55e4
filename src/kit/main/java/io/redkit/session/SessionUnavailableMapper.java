package io.redkit.session;

import io.redkit.web.Problem;
import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * A JAX-RS resource asked for the session while Redis could not serve it: 503 problem+json with
 * {@code Retry-After}, the same answer {@link RedisSessionFilter} gives outside JAX-RS. Registered so that an
 * application's own catch-all {@code ExceptionMapper<Throwable>} does not turn a session outage into a 500.
 */
@Provider
public class SessionUnavailableMapper implements ExceptionMapper<SessionUnavailableException> {

    private static final Logger LOG = Logger.getLogger(SessionUnavailableMapper.class.getName());

    @Inject
    WebSettings web;

    @Override
    public Response toResponse(SessionUnavailableException exception) {
        LOG.warning(exception.getMessage() + "; answering 503: " + exception.getCause());
        return Problems.builder(problem(web.retryAfterSeconds()))
                .header(HttpHeaders.RETRY_AFTER, web.retryAfterSeconds())
                .build();
    }

    /** The body of a 503 for a session that Redis cannot load or store. */
    static Problem problem(int retryAfterSeconds) {
        return Problems.of(
                Problems.TYPE_REDIS_UNAVAILABLE,
                "Service Unavailable",
                503,
                "The session store (Redis) is unavailable; nothing was changed. Retry in " + retryAfterSeconds + " s");
    }
}
