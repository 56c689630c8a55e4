package io.redkit.session.internal;

import io.redkit.session.SessionRefusedException;
import io.redkit.session.TooManyNewSessionsException;
import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * A session change redkit refuses ({@link SessionRefusedException}): an attribute that would make the session exceed
 * {@code redkit.session.max-bytes} (413), a login over the principal's session cap (409), a new session over the
 * client's creation limit (429, with {@code Retry-After}); problem+json, logged.
 */
@Provider
@ApplicationScoped
public class SessionTooLargeMapper implements ExceptionMapper<SessionRefusedException> {

    private static final Logger LOG = Logger.getLogger(SessionTooLargeMapper.class.getName());

    @Override
    public Response toResponse(SessionRefusedException exception) {
        LOG.warning(exception.getMessage());
        Response response = Problems.response(Problems.of(exception.status(), exception.getMessage()));
        if (exception instanceof TooManyNewSessionsException tooMany) {
            return Response.fromResponse(response)
                    .header("Retry-After", Long.toString(tooMany.retryAfterSeconds()))
                    .build();
        }
        return response;
    }
}
