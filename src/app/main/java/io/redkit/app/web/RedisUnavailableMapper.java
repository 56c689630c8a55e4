package io.redkit.app.web;

import io.redkit.redis.RedisOutages;
import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.client.RedisException;

/**
 * Redis unreachable (connection refused, timeout, cluster down) while serving a request that needs it: 503 with
 * {@code Retry-After}, the documented outage policy of endpoints that have no fallback. Other Redis errors (a
 * wrong type, a script error) are bugs: 500.
 */
@Provider
@ApplicationScoped
public class RedisUnavailableMapper implements ExceptionMapper<RedisException> {

    private static final Logger LOG = Logger.getLogger(RedisUnavailableMapper.class.getName());

    @Inject
    WebSettings settings;

    @Override
    public Response toResponse(RedisException exception) {
        if (RedisOutages.isOutage(exception)) {
            return outage(exception, settings.retryAfterSeconds());
        }
        LOG.log(Level.SEVERE, "Redis command failed: " + RedisOutages.describe(exception));
        return Problems.response(Problems.of(500, "The server could not complete the request"));
    }

    /** The 503 answer to a Redis outage. */
    static Response outage(Throwable exception, int retryAfterSeconds) {
        LOG.warning("Redis unavailable, answering 503: " + RedisOutages.describe(exception));
        String why =
                RedisOutages.classify(exception).map(RedisOutages::describe).orElse("Redis is unavailable");
        return Problems.response(Problems.redisUnavailable(why, retryAfterSeconds), retryAfterSeconds);
    }
}
