package io.redkit.app.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/**
 * {@code @Transactional} wraps what a method threw (or a failed commit) in a {@link TransactionalException}; the
 * server's own mapper for it fails on Payara and yields a bare 500. This one answers for the cause, through the
 * mapper of the cause's type: a 404 thrown inside a transaction stays a 404 problem, a database error is a 500 with
 * an incident id.
 */
@Provider
@ApplicationScoped
public class TransactionalExceptionMapper implements ExceptionMapper<TransactionalException> {

    @jakarta.ws.rs.core.Context
    Providers providers;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Response toResponse(TransactionalException exception) {
        Throwable cause = exception.getCause() == null ? exception : exception.getCause();
        if (cause instanceof WebApplicationException) {
            ExceptionMapper mapper = providers.getExceptionMapper(WebApplicationException.class);
            return mapper.toResponse(cause);
        }
        ExceptionMapper mapper = providers.getExceptionMapper((Class) cause.getClass());
        if (mapper == null || mapper instanceof TransactionalExceptionMapper) {
            mapper = providers.getExceptionMapper(Throwable.class);
        }
        return mapper.toResponse(cause);
    }
}
