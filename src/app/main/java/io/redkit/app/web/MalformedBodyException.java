package io.redkit.app.web;

import jakarta.ws.rs.ProcessingException;

/** A request body that could not be read, with a detail in the client's terms (no parser or class names). */
public class MalformedBodyException extends ProcessingException {

    private final String detail;

    public MalformedBodyException(String detail, Throwable cause) {
        super(detail, cause);
        this.detail = detail;
    }

    /** The exception for a body that a parser refused, its detail told from {@code failure}. */
    public static MalformedBodyException of(Throwable failure) {
        return new MalformedBodyException(BodyErrors.describe(failure, null), failure);
    }

    /** What was wrong with the body, e.g. "Field 'price' must be a number". */
    public String detail() {
        return detail;
    }
}
