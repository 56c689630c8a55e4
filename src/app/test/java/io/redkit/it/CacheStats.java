package io.redkit.it;

import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** One reading of {@code GET /api/caches}, with the figures the cache ITs compare. */
record CacheStats(JsonObject json) {

    static CacheStats read(Http http) {
        Http.Reply reply = OpsLogin.as(http).get("api/caches");
        if (reply.status() != 200) {
            throw new AssertionError("GET /api/caches: " + reply);
        }
        return new CacheStats(reply.json());
    }

    long cache(String name, String field) {
        for (JsonValue value : json.getJsonArray("caches")) {
            JsonObject cache = value.asJsonObject();
            if (cache.getString("name").equals(name)) {
                return cache.getJsonNumber(field).longValue();
            }
        }
        return 0;
    }

    /** A figure of a cache's near copy on this node; -1 when the cache has none. */
    long near(String name, String field) {
        for (JsonValue value : json.getJsonArray("caches")) {
            JsonObject cache = value.asJsonObject();
            if (cache.getString("name").equals(name)) {
                return cache.isNull("near")
                        ? -1
                        : cache.getJsonObject("near").getJsonNumber(field).longValue();
            }
        }
        return -1;
    }

    long hibernate(String field) {
        return json.getJsonObject("hibernate").getJsonNumber(field).longValue();
    }

    long bypassed() {
        return json.getJsonNumber("bypassedOperations").longValue();
    }
}
