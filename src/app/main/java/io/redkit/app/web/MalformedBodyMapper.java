package io.redkit.app.web;

import io.redkit.web.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not valid JSON, or not of the expected shape: 400 saying what the parser found. */
@Provider
@ApplicationScoped
public class MalformedBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        return Problems.response(
                Problems.of(Problems.TYPE_MALFORMED_BODY, "Malformed request body", 400, describe(exception)));
    }

    static String describe(Throwable exception) {
        Throwable cause = exception;
        while (cause != null) {
            if (cause instanceof JsonbException || cause.getClass().getName().startsWith("jakarta.json.")) {
                String message = String.valueOf(cause.getMessage()).replaceFirst("^Internal error: ", "");
                return "The request body is not valid JSON for this endpoint: " + message;
            }
            cause = cause.getCause();
        }
        return "The request body could not be read: " + exception.getMessage();
    }
}
