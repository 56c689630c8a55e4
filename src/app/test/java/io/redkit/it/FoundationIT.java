package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Deployments;
import io.redkit.testing.Http;
import io.redkit.testing.RedisTestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * The real WAR on Payara Micro, talking to the harness Redis: readiness, a Redis-backed endpoint, problem+json for
 * every kind of bad request, and the outage policy when the test stops Redis.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FoundationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.redkitWar();
    }

    @ArquillianResource
    URL base;

    private Http http;
    private static RedissonClient redis;

    @BeforeAll
    static void connect() {
        redis = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redis.shutdown();
    }

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
    }

    /** Health endpoints belong to the server, at the root, not under the application's context root. */
    private Http server() {
        URI uri = http.base();
        return new Http(URI.create(uri.getScheme() + "://" + uri.getAuthority() + "/"));
    }

    @Test
    void ready_RedisUp_ReportsRedisCheckUp() {
        Http.Reply reply = server().get("health/ready");
        assertEquals(200, reply.status(), reply.toString());
        JsonObject check = reply.json().getJsonArray("checks").getJsonObject(0);
        assertEquals("redis", check.getString("name"));
        assertEquals("UP", check.getString("status"));
    }

    @Test
    void increment_WritesTheHarnessRedis_WithATtl() {
        String name = "it-" + UUID.randomUUID();
        Http.Reply first = http.postJson("api/counters/" + name + "/increment", "{\"by\":2}");
        Http.Reply second = http.postJson("api/counters/" + name + "/increment", "{\"by\":40}");
        assertEquals(200, second.status(), second.toString());
        assertEquals(2, first.json().getInt("value"));
        assertEquals(42, second.json().getInt("value"));
        assertEquals(42, http.get("api/counters/" + name).json().getInt("value"));

        String key = "redkit:counter:" + name;
        assertEquals(42L, redis.<Long>getBucket(key, LongCodec.INSTANCE).get(), "the app wrote the harness Redis");
        long ttl = redis.getBucket(key).remainTimeToLive();
        assertTrue(ttl > Duration.ofDays(29).toMillis(), "key expires in ~30 days, was " + ttl + " ms");

        assertEquals(204, http.delete("api/counters/" + name).status());
        assertProblem(http.get("api/counters/" + name), 404, "about:blank", "No counter named '" + name + "'");
    }

    @Test
    void leaderboard_ScoresRanksAndErrors_EndToEnd() {
        String board = "api/leaderboards/it-" + UUID.randomUUID();
        assertEquals(
                200,
                http.postJson(board + "/scores", "{\"player\":\"bob\",\"score\":70}")
                        .status());
        assertEquals(
                200,
                http.postJson(board + "/scores", "{\"player\":\"alice\",\"score\":70}")
                        .status());
        Http.Reply carol = http.postJson(board + "/scores/carol/increment", "{\"by\":90.5}");
        assertEquals(1, carol.json().getInt("rank"), carol.toString());
        var top = Json.createReader(
                        new java.io.StringReader(http.get(board + "/top?n=3").body()))
                .readArray();
        assertEquals("carol", top.getJsonObject(0).getString("player"));
        assertEquals("alice", top.getJsonObject(1).getString("player"), "ties by name");
        assertEquals(3, http.get(board + "/players/bob").json().getInt("rank"));
        assertProblem(http.get(board + "/players/nobody"), 404, "about:blank", "not on leaderboard");
        Http.Reply bad = http.postJson(board + "/scores", "{\"player\":\"x y\",\"score\":1e20}");
        assertProblem(bad, 400, "urn:redkit:problem:validation", "fields are invalid");
        assertProblem(http.get(board + "/top?n=0"), 400, "urn:redkit:problem:validation", "n");
    }

    @Test
    void analytics_RecordAndQuery_EndToEnd() {
        String page = "/it-" + UUID.randomUUID();
        Http.Reply recorded = http.postJson(
                "api/analytics/events", "{\"page\":\"" + page + "\",\"user\":\"alice\",\"day\":\"2026-11-20\"}");
        assertEquals(1, recorded.json().getInt("views"), recorded.toString());
        http.postJson("api/analytics/events", "{\"page\":\"" + page + "\",\"user\":\"alice\",\"day\":\"2026-11-21\"}");
        JsonObject views = http.get("api/analytics/pageviews?page=" + page + "&from=2026-11-20&to=2026-11-21")
                .json();
        assertEquals(2, views.getInt("total"), views.toString());
        JsonObject retention =
                http.get("api/analytics/retention?cohort=2026-11-20&days=1").json();
        assertTrue(retention.getInt("retained") >= 1, retention.toString());
        assertProblem(
                http.get("api/analytics/unique-visitors?from=2026-11-22&to=2026-11-01"), 400, "about:blank", "after");
        assertProblem(
                http.postJson("api/analytics/events", "{\"page\":\"no-slash\",\"user\":\"a\"}"),
                400,
                "urn:redkit:problem:validation",
                "page");
    }

    @Test
    void stream_AppendedEventsAreProjectedByTheConsumerGroup() throws Exception {
        long before = projected();
        for (int i = 0; i < 3; i++) {
            Http.Reply appended =
                    http.postJson("api/streams/events/events", "{\"type\":\"it-event\",\"data\":{\"n\":" + i + "}}");
            assertEquals(201, appended.status(), appended.toString());
        }
        Awaitility.await("the three events projected")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> projected() >= before + 3);
        assertEquals(before + 3, projected());
        JsonObject group =
                http.get("api/streams/events").json().getJsonArray("groups").getJsonObject(0);
        assertEquals("projector", group.getString("name"));
        assertEquals(0, group.getInt("lag"), group.toString());
        assertEquals(404, http.get("api/streams/unknown").status());
        assertProblem(
                http.postJson("api/streams/events/events", "{\"data\":1}"),
                400,
                "urn:redkit:problem:validation",
                "type");
    }

    private long projected() {
        JsonObject projection = http.get("api/streams/events").json().getJsonObject("projection");
        return projection.containsKey("it-event") ? Long.parseLong(projection.getString("it-event")) : 0;
    }

    @Test
    void metrics_QueueDepthGaugesAreServed() {
        String metrics = server().get("metrics").body();
        assertTrue(metrics.contains("redkit_queue_ready{") && metrics.contains("queue=\"demo\""), "queue depth gauges");
    }

    @Test
    void metrics_CacheHitsAndMissesPerCache() {
        // no cache traffic here: FoundationIT shares Redis (and key prefix) with CacheIT, which counts hits from cold
        String metrics = server().get("metrics").body();
        assertTrue(
                metrics.lines().anyMatch(l -> l.startsWith("redkit_cache_hits{") && l.contains("cache=\"products\"")),
                "a hit gauge for Hibernate's entity region: "
                        + metrics.lines().filter(l -> l.contains("cache")).toList());
        assertTrue(
                metrics.lines().anyMatch(l -> l.startsWith("redkit_cache_misses{") && l.contains("cache=\"products\"")),
                "a miss gauge for Hibernate's entity region");
    }

    @Test
    void openapi_DocumentsTheApi() {
        Http.Reply reply = server().get("openapi");
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.body().contains("/api/leaderboards/{board}/top"), "paths listed");
        assertTrue(reply.body().contains("redkit reference app"), "title");
    }

    @Test
    void slowlog_ListsEntriesAndValidatesTheLimit() {
        Http.Reply reply = http.get("api/redis/slowlog?limit=5");
        assertEquals(200, reply.status(), reply.toString());
        JsonObject node = reply.json().getJsonArray("nodes").getJsonObject(0);
        assertTrue(node.containsKey("slowerThanMicros") && node.containsKey("entries"), node.toString());
        assertTrue(node.getJsonArray("entries").size() <= 5);
        assertProblem(http.get("api/redis/slowlog?limit=0"), 400, "about:blank", "limit");
    }

    @Test
    void redisInfo_ReportsTheHarnessServer() {
        JsonObject node =
                http.get("api/redis/info").json().getJsonArray("nodes").getJsonObject(0);
        assertTrue(node.getString("version").startsWith("6."), node.toString());
        assertTrue(node.getJsonNumber("connectedClients").longValue() >= 1);
    }

    @Test
    void malformedJson_Is400ProblemSayingWhere() {
        Http.Reply reply = http.postJson("api/counters/c/increment", "{\"by\":");
        assertProblem(reply, 400, "urn:redkit:problem:malformed-body", "not valid JSON");
        assertTrue(reply.json().getString("detail").contains("column"), reply.toString());
    }

    @Test
    void wrongJsonType_Is400ProblemNamingTheProperty() {
        Http.Reply reply = http.postJson("api/counters/c/increment", "{\"by\":\"lots\"}");
        assertProblem(reply, 400, "urn:redkit:problem:malformed-body", "'by'");
    }

    @Test
    void validationFailure_Is400ListingEachField() {
        Http.Reply reply = http.postJson("api/counters/bad%20name/increment", "{\"by\":0}");
        assertProblem(reply, 400, "urn:redkit:problem:validation", "2 fields are invalid");
        var errors = reply.json().getJsonArray("errors");
        assertEquals(2, errors.size(), reply.toString());
        assertEquals("by", errors.getJsonObject(0).getString("field"));
        assertEquals(
                "must be greater than or equal to 1", errors.getJsonObject(0).getString("message"));
        assertEquals("name", errors.getJsonObject(1).getString("field"));
    }

    @Test
    void missingBody_Is400SayingABodyIsRequired() {
        assertProblem(http.postJson("api/counters/c/increment", ""), 400, "about:blank", "request body is required");
    }

    @Test
    void unknownPaths_Are404Problems() {
        assertProblem(http.get("api/no-such-thing"), 404, "about:blank", "No resource at ");
        assertProblem(http.get("no-such-page.html"), 404, "about:blank", "no-such-page.html");
    }

    @Test
    void wrongMethod_Is405WithAllowHeader() {
        Http.Reply reply = http.method("PUT", "api/counters/c");
        assertProblem(reply, 405, "about:blank", "Method PUT is not allowed");
        assertTrue(reply.header("Allow").contains("GET"), reply.headers().toString());
    }

    @Test
    void wrongContentType_Is415() {
        assertProblem(http.post("api/counters/c/increment", "text/plain", "1"), 415, "about:blank", "text/plain");
    }

    @Test
    void oversizedBody_Is413NamingTheLimitKey() {
        String big = "{\"by\":1,\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(http.postJson("api/counters/c/increment", big), 413, "about:blank", "redkit.web.max-body-bytes");
    }

    @Test
    void redisStopped_ReadinessDownAndRedisRoutes503_ThenRecovers() throws InterruptedException {
        RedisTestServer harness = RedisTestServer.shared();
        try {
            harness.stop();

            Http.Reply ready = server().get("health/ready");
            assertEquals(503, ready.status(), ready.toString());
            JsonObject check = ready.json().getJsonArray("checks").getJsonObject(0);
            assertEquals("DOWN", check.getString("status"));
            assertTrue(
                    check.getJsonObject("data").getString("reason").startsWith("Redis is unreachable"), ready.body());

            assertEquals(200, server().get("health/live").status(), "liveness does not depend on Redis");
            assertEquals(200, http.get("").status(), "static content is still served");

            Http.Reply counter = http.get("api/counters/any");
            assertProblem(counter, 503, "urn:redkit:problem:redis-unavailable", "Redis is unavailable");
            assertEquals("5", counter.header("Retry-After"));
        } finally {
            harness.start();
        }
        Awaitility.await("ready again once Redis is back")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> server().get("health/ready").status() == 200);
        // The first commands after a restart may meet pooled connections that died with the old server (each is
        // answered 503 + Retry-After, as the policy says); within the bound the route must work again.
        Http.Reply counter = Awaitility.await("counters work again once Redis is back")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> http.postJson("api/counters/back/increment", "{\"by\":1}"), r -> r.status() != 503);
        assertEquals(200, counter.status(), "counters work again once Redis is back: " + counter);
    }

    static void assertProblem(Http.Reply reply, int status, String type, String detailPart) {
        assertEquals(status, reply.status(), reply.toString());
        assertNotNull(reply.contentType(), "Content-Type");
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonObject problem = reply.json();
        assertEquals(type, problem.getString("type"), reply.toString());
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.containsKey("title"), reply.toString());
        assertTrue(problem.getString("detail").contains(detailPart), reply.toString());
        assertTrue(!reply.body().contains("at io.") && !reply.body().contains("Exception:"), "no stack trace");
    }
}
