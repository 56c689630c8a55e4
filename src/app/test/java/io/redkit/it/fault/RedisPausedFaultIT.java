package io.redkit.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.FaultyRedis;
import io.redkit.testing.Http;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Fault matrix: Redis frozen (SIGSTOP) for longer than the command timeout (1 s), then thawed. Also: Redisson's
 * timeout messages carry the command's parameters (session keys, API keys); neither the 503 answers nor the node's log
 * may show them.
 */
class RedisPausedFaultIT extends FaultScenario {

    @Test
    void pausedRedis_RequestsWithSessionAndApiKey_Get503_AndNeitherBodiesNorLogShowTheSecrets() {
        FaultNode shared = FaultNode.shared();
        Http http = shared.node.http();
        Http.Reply login = http.send(http.request("api/session/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"secrets\",\"role\":\"user\"}"))
                .build());
        assertEquals(200, login.status(), login.toString());
        String session = login.setCookie("SESSION");
        String apiKey = "key-s3cret-" + System.nanoTime();
        int logFrom = shared.node.log().length();

        List<Http.Reply> replies = new ArrayList<>();
        shared.redis.pause();
        try {
            replies.add(send(http, "PUT", "api/session/attributes/x", "\"y\"", session, apiKey));
            replies.add(send(http, "GET", "api/session/attributes/x", null, session, apiKey));
            replies.add(send(http, "GET", "api/limited/keyed", null, session, apiKey));
            replies.add(send(http, "GET", "api/limited/tiered", null, session, apiKey));
        } finally {
            shared.redis.resume();
        }
        Awaitility.await("Redis answers the node again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> send(http, "GET", "api/session/attributes/x", null, session, apiKey)
                                .status()
                        != 503);

        for (Http.Reply reply : replies.subList(0, 3)) {
            assertEquals(503, reply.status(), reply.toString());
            assertTrue(reply.contentType().startsWith("application/problem+json"), reply.toString());
            assertTrue(reply.json().getString("detail").contains("Redis is unavailable"), reply.toString());
        }
        for (Http.Reply reply : replies) {
            assertFalse(reply.body().contains(session), "session id in " + reply);
            assertFalse(reply.body().contains(apiKey), "API key in " + reply);
        }
        String log = shared.node.log().substring(logFrom);
        // the outage was logged, usefully: what failed and how Redisson reported it
        assertTrue(log.contains("answering 503") && log.contains("TimeoutException"), log);
        assertFalse(log.contains(session), "session id in the node's log:\n" + log);
        assertFalse(log.contains(apiKey), "API key in the node's log:\n" + log);
        assertFalse(log.contains("params:"), "Redisson's command parameters in the node's log:\n" + log);
    }

    private static Http.Reply send(Http http, String method, String path, String json, String session, String key) {
        HttpRequest.Builder request =
                http.request(path).header("Cookie", "SESSION=" + session).header("X-API-Key", key);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Override
    void inject(FaultyRedis redis) {
        redis.pause();
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.resume();
    }

    @Override
    boolean dataKept() {
        return true;
    }

    @Override
    String fault() {
        return "SIGSTOP > timeout";
    }
}
