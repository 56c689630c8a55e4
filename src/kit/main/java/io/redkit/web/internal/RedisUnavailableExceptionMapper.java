package io.redkit.web.internal;

import io.redkit.redis.RedisOutages;
import io.redkit.redis.RedisUnavailableException;
import io.redkit.web.Problem;
import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * A redkit operation met a Redis outage ({@link RedisUnavailableException}): 503 problem+json with
 * {@code Retry-After}. Only redkit's own exception is mapped; Redisson's exceptions from an application's own
 * Redis calls stay the application's to map.
 */
@Provider
@ApplicationScoped
public class RedisUnavailableExceptionMapper implements ExceptionMapper<RedisUnavailableException> {

    private static final Logger LOG = Logger.getLogger(RedisUnavailableExceptionMapper.class.getName());

    @Inject
    WebSettings settings;

    @Override
    public Response toResponse(RedisUnavailableException exception) {
        LOG.warning(exception.getMessage() + "; answering 503"
                + (exception.getCause() == null ? "" : ": " + RedisOutages.describe(exception.getCause())));
        return response(problem(exception, settings.retryAfterSeconds()), settings.retryAfterSeconds());
    }

    /** A 503 answer with {@code Retry-After}: for redkit's outages, and for an application's own Redis failures. */
    public static Response response(Problem problem, int retryAfterSeconds) {
        return Problems.response(problem, retryAfterSeconds);
    }

    /** The 503 problem for a Redis outage met while doing something: {@code detail} says what and why. */
    public static Problem problem(String detail, int retryAfterSeconds) {
        return Problems.redisUnavailable(detail, retryAfterSeconds);
    }

    /** The 503 body, also written by filters that answer outside JAX-RS (the session filter). */
    public static Problem problem(RedisUnavailableException exception, int retryAfterSeconds) {
        return problem(exception.detail(), retryAfterSeconds);
    }
}
