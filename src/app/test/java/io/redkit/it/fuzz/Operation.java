package io.redkit.it.fuzz;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One operation of the app's OpenAPI document: method, path template, its parameters and the JSON shape of its body
 * (property name to OpenAPI type), so that every endpoint the app documents is fuzzed, new ones included.
 */
public record Operation(
        String method,
        String path,
        List<String> pathParams,
        List<String> queryParams,
        boolean hasBody,
        Map<String, String> bodyProperties,
        boolean streams) {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    /** Every operation of {@code document} ({@code /openapi} as JSON), in document order. */
    public static List<Operation> all(JsonObject document) {
        JsonObject schemas = document.containsKey("components")
                        && document.getJsonObject("components").containsKey("schemas")
                ? document.getJsonObject("components").getJsonObject("schemas")
                : JsonValue.EMPTY_JSON_OBJECT;
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonValue> path : document.getJsonObject("paths").entrySet()) {
            JsonObject item = path.getValue().asJsonObject();
            for (String method : METHODS) {
                if (item.containsKey(method)) {
                    operations.add(of(method, path.getKey(), item, item.getJsonObject(method), schemas));
                }
            }
        }
        return operations;
    }

    private static Operation of(String method, String path, JsonObject item, JsonObject op, JsonObject schemas) {
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        List<JsonValue> parameters = new ArrayList<>();
        if (item.containsKey("parameters")) {
            parameters.addAll(item.getJsonArray("parameters"));
        }
        if (op.containsKey("parameters")) {
            parameters.addAll(op.getJsonArray("parameters"));
        }
        for (JsonValue value : parameters) {
            JsonObject parameter = value.asJsonObject();
            String in = parameter.getString("in", "");
            if (in.equals("path") && !pathParams.contains(parameter.getString("name"))) {
                pathParams.add(parameter.getString("name"));
            } else if (in.equals("query") && !queryParams.contains(parameter.getString("name"))) {
                queryParams.add(parameter.getString("name"));
            }
        }
        // a template variable the document does not list as a parameter is still substituted
        for (String variable : variables(path)) {
            String name = variable.split(":", 2)[0].trim();
            if (!pathParams.contains(name)) {
                pathParams.add(name);
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        boolean hasBody = op.containsKey("requestBody");
        if (hasBody) {
            JsonObject content = op.getJsonObject("requestBody").getJsonObject("content");
            JsonObject media = content == null ? null : content.getJsonObject("application/json");
            JsonObject schema = media == null ? null : media.getJsonObject("schema");
            if (schema != null && schema.containsKey("$ref")) {
                String ref = schema.getString("$ref");
                schema = schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            }
            if (schema != null && schema.containsKey("properties")) {
                for (Map.Entry<String, JsonValue> property :
                        schema.getJsonObject("properties").entrySet()) {
                    JsonObject type = property.getValue().asJsonObject();
                    properties.put(property.getKey(), type.getString("type", "object"));
                }
            }
        }
        return new Operation(
                method.toUpperCase(Locale.ROOT),
                path,
                pathParams,
                queryParams,
                hasBody,
                properties,
                produces(op, "text/event-stream"));
    }

    private static boolean produces(JsonObject op, String mediaType) {
        if (!op.containsKey("responses")) {
            return false;
        }
        for (JsonValue response : op.getJsonObject("responses").values()) {
            JsonObject content = response.asJsonObject().getJsonObject("content");
            if (content != null && content.containsKey(mediaType)) {
                return true;
            }
        }
        return false;
    }

    /** The path with every template variable replaced by {@code encodedValue} (already percent-encoded). */
    public String pathWith(String encodedValue) {
        String result = path;
        for (String variable : variables(path)) {
            result = result.replace("{" + variable + "}", encodedValue);
        }
        return result.startsWith("/") ? result.substring(1) : result;
    }

    /** The template variables of {@code path}, regular expressions included: {@code {id: [0-9]{1,18}}}. */
    private static List<String> variables(String path) {
        List<String> variables = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{' && depth++ == 0) {
                start = i + 1;
            } else if (c == '}' && --depth == 0) {
                variables.add(path.substring(start, i));
            }
        }
        return variables;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
