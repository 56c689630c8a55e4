package io.redkit.app.web;

import io.redkit.redis.RedisOutages;
import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unmapped: 500 with an incident id that is also in the server log; never a stack trace to the client. */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Inject
    WebSettings settings;

    @Override
    public Response toResponse(Throwable exception) {
        if (RedisOutages.isOutage(exception)) {
            return RedisUnavailableMapper.outage(exception, settings.retryAfterSeconds());
        }
        String incident = UUID.randomUUID().toString();
        RedisOutages.log(LOG, Level.SEVERE, "Unexpected error, incident " + incident, exception);
        return Problems.response(
                Problems.of(500, "The server could not complete the request; incident " + incident + " is logged"));
    }
}
