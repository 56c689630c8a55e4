package io.redkit.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response redkit makes ({@code application/problem+json}).
 * Build one with {@link Problems}; empty members are omitted from the JSON. Immutable.
 *
 * @param type the problem type URI, {@code about:blank} for a plain HTTP error
 * @param title a short summary of the type
 * @param status the HTTP status
 * @param detail what went wrong in this case
 * @param instance the URI of this occurrence, or null
 * @param errors the offending fields of a validation failure, or null
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /**
     * One invalid input.
     *
     * @param field the field or parameter
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {}
}
