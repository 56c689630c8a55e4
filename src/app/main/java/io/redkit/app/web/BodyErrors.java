package io.redkit.app.web;

import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParsingException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what was wrong with a request body in the client's terms ("not valid JSON at line 1, column 3", "field
 * 'priceCents' must be an integer ..."), from the exceptions of Yasson and Parsson, whose messages name Java classes
 * and so are never passed on as they are.
 */
final class BodyErrors {

    private static final Pattern LOCATION = Pattern.compile("line no=(\\d+), column no=(\\d+)");
    private static final Pattern DEPTH = Pattern.compile("too deeply nested ([0-9,]+)");
    private static final Pattern PROPERTY = Pattern.compile("property '([^']+)'");

    private BodyErrors() {}

    static String describe(Throwable failure, Class<?> target) {
        List<String> properties = new ArrayList<>();
        String location = null;
        boolean syntax = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            Matcher depth = DEPTH.matcher(message);
            if (depth.find()) {
                // Parsson's nesting limit (1000 unless the server sets org.eclipse.parsson.maxDepth)
                return "The request body nests JSON arrays or objects more than "
                        + depth.group(1).replace(",", "") + " levels deep";
            }
            if (cause instanceof UnsupportedCharsetException || cause instanceof IllegalCharsetNameException) {
                return "The request's Content-Type names a charset that is not supported; send UTF-8";
            }
            Matcher property = PROPERTY.matcher(message);
            while (property.find()) {
                if (!properties.contains(property.group(1))) {
                    properties.add(property.group(1));
                }
            }
            if (cause instanceof JsonParsingException parsing && parsing.getLocation() != null) {
                JsonLocation at = parsing.getLocation();
                location = "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
                syntax = true;
            } else if (message.contains("Unexpected char") || message.contains("Invalid token")) {
                Matcher at = LOCATION.matcher(message);
                if (at.find()) {
                    location = "line " + at.group(1) + ", column " + at.group(2);
                }
                syntax = true;
            }
        }
        String field = String.join(".", properties);
        if (syntax) {
            return "The request body is not valid JSON" + (location == null ? "" : " at " + location)
                    + (field.isEmpty() ? "" : " (in field '" + field + "')");
        }
        if (!field.isEmpty()) {
            String expected = expected(target, properties);
            return "Field '" + field + "' "
                    + (expected == null ? "has a value of the wrong type" : "must be " + expected);
        }
        return "The request body is not valid JSON for this endpoint";
    }

    /** What the field at {@code path} of {@code target} accepts, in JSON terms; null when it cannot be told. */
    private static String expected(Class<?> target, List<String> path) {
        Class<?> type = target;
        for (String name : path) {
            type = type == null ? null : fieldType(type, name);
        }
        if (type == null) {
            return null;
        }
        if (type == Long.class || type == long.class) {
            return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Integer.class || type == int.class) {
            return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "a timestamp such as 2026-01-31T12:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-01-31";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return null;
    }

    private static Class<?> fieldType(Class<?> type, String name) {
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    return component.getType();
                }
            }
            return null;
        }
        for (Field field : type.getFields()) {
            if (field.getName().equals(name)) {
                return field.getType();
            }
        }
        return null;
    }
}
