package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Deployments;
import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.RedisTestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
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

    /** Every operator endpoint and the dashboard: what an anonymous client or a wrong password gets. */
    private static final List<String[]> OPS_ENDPOINTS = List.of(
            new String[] {"GET", "api/redis/slowlog"},
            new String[] {"GET", "api/redis/info"},
            new String[] {"GET", "api/ratelimits"},
            new String[] {"GET", "api/ratelimits/ping/ip:127.0.0.1"},
            new String[] {"GET", "api/jobs"},
            new String[] {"GET", "api/jobs/summary"},
            new String[] {"GET", "api/caches"},
            new String[] {"GET", "api/queues/demo/dead"},
            new String[] {"POST", "api/queues/demo/dead/some-id/requeue"},
            new String[] {"DELETE", "api/queues/demo/dead"},
            new String[] {"PUT", "api/limited/api-keys/attacker-key-1"},
            new String[] {"GET", ""},
            new String[] {"GET", "index.html"});

    private static Http.Reply call(Http client, String method, String path) {
        return client.send(client.request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "{\"tier\":\"paid\"}" : ""))
                .build());
    }

    @Test
    void opsEndpoints_AnonymousOrWrongPassword_401ProblemWithBasicChallenge() {
        Http wrong = http.withBasicAuth(OpsLogin.USER, OpsLogin.password() + "x");
        Http otherUser = http.withBasicAuth("admin", OpsLogin.password());
        for (String[] endpoint : OPS_ENDPOINTS) {
            for (Http client : List.of(http, wrong, otherUser)) {
                Http.Reply reply = call(client, endpoint[0], endpoint[1]);
                String what = endpoint[0] + " /" + endpoint[1] + ": " + reply;
                assertEquals(401, reply.status(), what);
                assertEquals(
                        "Basic realm=\"redkit-ops\"",
                        reply.header("WWW-Authenticate").replace(", charset=\"UTF-8\"", ""),
                        what);
                assertTrue(reply.contentType().startsWith("application/problem+json"), what);
                assertTrue(reply.body().contains("login"), what);
            }
        }
        // nothing was done: the key was not put in any tier
        String hash = io.redkit.redis.KeyHash.of("attacker-key-1");
        for (String key : redis.getKeys().getKeysByPattern("redkit:*api-keys*")) {
            assertFalse(
                    redis.getMap(key, org.redisson.client.codec.StringCodec.INSTANCE)
                            .containsKey(hash),
                    key);
        }
    }

    @Test
    void opsEndpoints_WithTheOperatorLogin_Answer() {
        Http ops = OpsLogin.as(http);
        // a job is listed once it first ran: the summary job ticks every 10 s from deployment
        Awaitility.await("the summary job's first tick")
                .atMost(Duration.ofSeconds(30))
                .until(() -> ops.get("api/jobs/summary").status() == 200);
        for (String[] endpoint : OPS_ENDPOINTS) {
            if (!endpoint[0].equals("GET")) {
                continue;
            }
            Http.Reply reply = call(ops, "GET", endpoint[1]);
            assertEquals(200, reply.status(), endpoint[1] + ": " + reply);
        }
        assertTrue(call(ops, "GET", "").body().contains("<html"), "the dashboard page");
    }

    @Test
    void slowlog_ListsEntriesAndValidatesTheLimit() {
        Http ops = OpsLogin.as(http);
        Http.Reply reply = ops.get("api/redis/slowlog?limit=5");
        assertEquals(200, reply.status(), reply.toString());
        JsonObject node = reply.json().getJsonArray("nodes").getJsonObject(0);
        assertTrue(node.containsKey("slowerThanMicros") && node.containsKey("entries"), node.toString());
        assertTrue(node.getJsonArray("entries").size() <= 5);
        assertProblem(ops.get("api/redis/slowlog?limit=0"), 400, "about:blank", "limit");
    }

    /**
     * Every command slow-logged (threshold 0) while a client logs in and calls a keyed endpoint: the slow log then
     * holds the session key (so the session id) and the API key, and the operator's view of it shows neither, only
     * command names and key shapes.
     */
    @Test
    void slowlog_EveryCommandLogged_ShowsCommandNamesAndKeyShapesNeverTheSessionIdOrApiKey() {
        org.redisson.api.redisnode.RedisSingle single =
                redis.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE);
        String threshold =
                single.getInstance().getConfig("slowlog-log-slower-than").get("slowlog-log-slower-than");
        String apiKey = "slowlog-secret-key-" + UUID.randomUUID();
        String sessionId;
        try {
            single.getInstance().setConfig("slowlog-log-slower-than", "0");
            Http.Reply login = http.postJson("api/session/login", "{\"user\":\"slowlog-user\",\"role\":\"admin\"}");
            assertEquals(200, login.status(), login.toString());
            sessionId = login.setCookie("SESSION");
            assertNotNull(sessionId, login.toString());
            Http.Reply me = http.send(http.request("api/session/me")
                    .header("Cookie", "SESSION=" + sessionId)
                    .build());
            assertEquals(200, me.status(), me.toString());
            http.send(http.request("api/limited/tiered")
                    .header("X-API-Key", apiKey)
                    .build());
        } finally {
            single.getInstance().setConfig("slowlog-log-slower-than", threshold);
        }
        Http.Reply reply = OpsLogin.as(http).get("api/redis/slowlog?limit=128");
        assertEquals(200, reply.status(), reply.toString());
        assertFalse(reply.body().contains(sessionId), "the session id is not shown");
        assertFalse(reply.body().contains(apiKey), "the API key is not shown");
        assertFalse(reply.body().contains("slowlog-user"), "attribute values are not shown");
        List<String> shapes = new java.util.ArrayList<>();
        for (JsonValue entry :
                reply.json().getJsonArray("nodes").getJsonObject(0).getJsonArray("entries")) {
            JsonObject e = entry.asJsonObject();
            assertTrue(e.getString("command").matches("[A-Z_|?]+( [A-Z_|?]+)?"), e.toString());
            assertFalse(e.containsKey("client"), "client addresses are not shown: " + e);
            e.getJsonArray("keys").forEach(k -> shapes.add(((jakarta.json.JsonString) k).getString()));
        }
        assertTrue(shapes.stream().anyMatch(k -> k.startsWith("redkit:session:")), shapes.toString());
        assertTrue(
                shapes.stream().allMatch(k -> k.matches("\\{?redkit:([a-z-]+[:{|}][*:{|}]*|\\*)")), shapes.toString());
    }

    @Test
    void redisInfo_ReportsTheHarnessServer() {
        JsonObject node = OpsLogin.as(http)
                .get("api/redis/info")
                .json()
                .getJsonArray("nodes")
                .getJsonObject(0);
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
            assertEquals(200, OpsLogin.as(http).get("").status(), "static content is still served");

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
