package io.redkit.app.web;

import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not valid JSON, or not of the expected shape: 400 saying what was wrong in the client's terms
 * (where the syntax broke, which field has the wrong type), never the parser's or a Java class's name.
 */
@Provider
@ApplicationScoped
public class MalformedBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        String detail = exception instanceof MalformedBodyException malformed
                ? malformed.detail()
                : BodyErrors.describe(exception, null);
        return Problems.response(Problems.of(Problems.TYPE_MALFORMED_BODY, "Malformed request body", 400, detail));
    }
}
