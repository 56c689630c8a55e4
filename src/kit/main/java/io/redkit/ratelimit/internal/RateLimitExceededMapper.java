package io.redkit.ratelimit.internal;

import io.redkit.ratelimit.RateLimitExceededException;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.ratelimit.RateLimitSettings;
import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link RateLimitExceededException} as 429 (or 503 for a fail-closed rule during an outage) with the headers. */
@Provider
@ApplicationScoped
public class RateLimitExceededMapper implements ExceptionMapper<RateLimitExceededException> {

    @Inject
    RateLimitSettings settings;

    @Override
    public Response toResponse(RateLimitExceededException exception) {
        RateLimitService.Verdict verdict = exception.verdict();
        Response.ResponseBuilder response = Response.status(RateLimitHeaders.status(verdict))
                .type(Problems.MEDIA_TYPE)
                .entity(RateLimitHeaders.body(verdict));
        RateLimitHeaders.apply(verdict, response::header, settings.rateLimitHeaders());
        return response.build();
    }
}
