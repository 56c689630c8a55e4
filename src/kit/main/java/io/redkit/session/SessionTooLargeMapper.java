package io.redkit.session;

import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** An attribute that would make the session exceed {@code redkit.session.max-bytes}: 413, logged. */
@Provider
@ApplicationScoped
public class SessionTooLargeMapper implements ExceptionMapper<SessionTooLargeException> {

    private static final Logger LOG = Logger.getLogger(SessionTooLargeMapper.class.getName());

    @Override
    public Response toResponse(SessionTooLargeException exception) {
        LOG.warning(exception.getMessage());
        return Problems.response(Problems.of(413, exception.getMessage()));
    }
}
