package io.redkit.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for integration tests: requests against one base URI, JSON bodies parsed on demand. */
public final class Http {

    private final URI base;
    private final HttpClient client;
    private final java.util.Map<String, String> headers;

    public Http(URI base) {
        this(
                base.toString().endsWith("/") ? base : URI.create(base + "/"),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                java.util.Map.of());
    }

    private Http(URI base, HttpClient client, java.util.Map<String, String> headers) {
        this.base = base;
        this.client = client;
        this.headers = headers;
    }

    /** The same client sending {@code name: value} on every request (e.g. {@code Authorization}). */
    public Http withHeader(String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new Http(base, client, java.util.Map.copyOf(all));
    }

    /** The same client logging in with HTTP Basic on every request. */
    public Http withBasicAuth(String user, String password) {
        String token = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return withHeader("Authorization", "Basic " + token);
    }

    public URI base() {
        return base;
    }

    /** A response: status, headers and body, with the body as JSON when asked. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        public jakarta.json.JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /**
         * The value the last {@code Set-Cookie} of this reply gives cookie {@code name} ("" when it is cleared), or
         * null when the reply does not set it.
         */
        public String setCookie(String name) {
            String value = null;
            for (String header : headers.allValues("Set-Cookie")) {
                if (header.startsWith(name + "=")) {
                    int end = header.indexOf(';');
                    value = header.substring(name.length() + 1, end < 0 ? header.length() : end);
                }
            }
            return value;
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Reply post(String path, String contentType, String body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public Reply postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    public Reply method(String method, String path) {
        return send(request(path)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder;
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.uri(), e);
        }
    }
}
