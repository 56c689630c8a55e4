package io.redkit.jobs.internal;

import io.redkit.jobs.LockUnavailableException;
import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A lock held elsewhere: 409 Conflict, saying which lock. */
@Provider
@ApplicationScoped
public class LockUnavailableMapper implements ExceptionMapper<LockUnavailableException> {

    @Override
    public Response toResponse(LockUnavailableException exception) {
        return Problems.response(Problems.of("urn:redkit:problem:lock-held", "Conflict", 409, exception.getMessage()));
    }
}
