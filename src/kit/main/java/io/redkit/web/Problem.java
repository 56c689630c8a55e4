package io.redkit.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}). {@code errors}
 * lists the offending fields of a validation failure; empty members are omitted from the JSON.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** One invalid input: which field (or parameter) and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
