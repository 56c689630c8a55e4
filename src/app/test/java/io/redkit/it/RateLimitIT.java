package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rate-limit filter on two real Payara Micro nodes sharing the harness Redis: exactness under 2 x 50 concurrent
 * clients per algorithm, the standard headers, 429 problem bodies, tiers by API key, X-Forwarded-For trusted only
 * from configured proxies, {@code @RateLimited}, and fail-open / fail-closed when Redis stops.
 */
class RateLimitIT {

    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;

    /** The limits of {@link #mixedLoad_64Clients_NoRedisTimeoutNoFailOpenAdmissionExactLimits}, fail-open. */
    private static final List<LoadMix.Rule> LOAD_RULES =
            List.of(new LoadMix.Rule("load-log", 100), new LoadMix.Rule("load-tb", 100));

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Map<String, String> common = new HashMap<>();
        common.put("redkit.redis.address", RedisTestServer.shared().address());
        common.put("redkit.app.jobs.summary.seconds", "off");
        common.put(
                "redkit.ratelimit.rules",
                "ping,tiered,fw,log,tb,sw,closed,xff,fwd,keys,refuse,variant,dyn,load-log,load-tb");
        common.putAll(exactRuleSettings());
        common.putAll(LoadMix.ruleSettings(LOAD_RULES));
        for (String[] r : new String[][] {{"closed", "fixed-window", "1000/1m"}}) {
            common.put("redkit.ratelimit.rule." + r[0] + ".paths", "/api/limited/" + r[0]);
            common.put("redkit.ratelimit.rule." + r[0] + ".algorithm", r[1]);
            common.put("redkit.ratelimit.rule." + r[0] + ".limits", r[2]);
        }
        common.put("redkit.ratelimit.rule.closed.on-redis-down", "fail-closed");
        // attack rules: sliding logs over an hour, so no window rolls over during a test and counts are exact
        for (String[] r : new String[][] {
            {"fwd", "ip", "100/1h"},
            {"xff", "ip", "3/1h"},
            {"keys", "header:X-API-Key", "5/1h"},
            {"refuse", "header:X-API-Key", "5/1h"},
            {"variant", "ip", "5/1h"},
            {"dyn", "ip", "100/1h"}
        }) {
            common.put("redkit.ratelimit.rule." + r[0] + ".paths", "/api/limited/" + r[0]);
            common.put("redkit.ratelimit.rule." + r[0] + ".key", r[1]);
            common.put("redkit.ratelimit.rule." + r[0] + ".algorithm", "sliding-log");
            common.put("redkit.ratelimit.rule." + r[0] + ".limits", r[2]);
        }
        common.put("redkit.ratelimit.rule.refuse.unknown-key", "refuse");
        // keys of their own: the mixed load caches profiles, which CacheIT's deployment (default prefix) counts
        common.put("redkit.redis.key-prefix", "ratelimit-it");
        Map<String, String> a = new HashMap<>(common);
        a.put("redkit.proxy.trusted", "127.0.0.1");
        a.put("redkit.proxy.client-ip-header", "x-forwarded-for");
        List<PayaraMicroNode> started = PayaraMicroNode.startPair("ratelimit", a, common);
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stopNodes() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
    }

    private static Http.Reply get(PayaraMicroNode node, String path, String... headers) {
        HttpRequest.Builder request = node.http().request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return node.http().send(request.build());
    }

    /**
     * The rules of the exactness test, one per algorithm ({@code fw}, {@code log}, {@code tb}, {@code sw}; paths
     * {@code /api/limited/<rule>}), 100 per window, fail-closed: a decision that times out under load must not be
     * admitted uncounted (fail-open would). The rule names still have to be listed in {@code redkit.ratelimit.rules}.
     */
    static Map<String, String> exactRuleSettings() {
        Map<String, String> settings = new HashMap<>();
        for (String[] r : new String[][] {
            {"fw", "fixed-window", "100/1m"},
            {"log", "sliding-log", "100/1m"},
            {"tb", "token-bucket", "100/1h"},
            {"sw", "sliding-window", "100/1m"}
        }) {
            settings.put("redkit.ratelimit.rule." + r[0] + ".paths", "/api/limited/" + r[0]);
            settings.put("redkit.ratelimit.rule." + r[0] + ".algorithm", r[1]);
            settings.put("redkit.ratelimit.rule." + r[0] + ".limits", r[2]);
            settings.put("redkit.ratelimit.rule." + r[0] + ".on-redis-down", "fail-closed");
        }
        return settings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fw", "log", "tb", "sw"})
    void twoNodesTimesFiftyClients_AdmitExactlyTheLimit(String rule) throws Exception {
        assertTwoNodesAdmitExactlyTheLimit(nodeA, nodeB, rule);
    }

    /** 2 nodes x 50 concurrent clients x 3 requests against a rule of {@link #exactRuleSettings()}: exactly 100. */
    static void assertTwoNodesAdmitExactlyTheLimit(PayaraMicroNode nodeA, PayaraMicroNode nodeB, String rule)
            throws Exception {
        long toMinute = 60_000 - System.currentTimeMillis() % 60_000;
        if (toMinute < 8_000) {
            Thread.sleep(toMinute + 50); // keep the burst inside one clock-aligned minute
        }
        ExecutorService clients = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        try {
            for (int c = 0; c < 100; c++) {
                PayaraMicroNode node = c % 2 == 0 ? nodeA : nodeB;
                results.add(clients.submit(() -> {
                    go.await();
                    int[] counts = new int[3];
                    for (int i = 0; i < 3; i++) {
                        int status = get(node, "api/limited/" + rule).status();
                        counts[status == 200 ? 0 : status == 429 ? 1 : 2]++;
                        if (status != 200 && status != 429 && status != 503) {
                            throw new AssertionError("unexpected status " + status);
                        }
                    }
                    return counts;
                }));
            }
            go.countDown();
            int admitted = 0;
            int refused = 0;
            int timedOut = 0;
            for (Future<int[]> result : results) {
                admitted += result.get()[0];
                refused += result.get()[1];
                timedOut += result.get()[2];
            }
            System.out.printf(
                    "rate limit %s: %d admitted, %d refused, %d timed out (503) of 300%n",
                    rule, admitted, refused, timedOut);
            assertTrue(admitted <= 100, rule + ": never more than the limit, admitted " + admitted);
            if (timedOut == 0) {
                assertEquals(100, admitted, rule + ": 300 requests from 2 nodes x 50 clients, limit 100");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Issue 23: 64 clients through both nodes mixing logins, session writes and reads, limit decisions and cache reads
     * (at most 2,400 requests, at most 20 s). No Redis command may time out on either node (a timeout is a 503 for a
     * session and an uncounted admission for a fail-open limit), and each fail-open limit admits exactly its count.
     * The long version is {@code mvn -Pbench -Dbench.args=LoadBench} (60 s).
     */
    @Test
    void mixedLoad_64Clients_NoRedisTimeoutNoFailOpenAdmissionExactLimits() throws Exception {
        // a short warm-up without limits: every endpoint of the mix has run, and the pools are open again if an
        // earlier test of this class restarted Redis
        LoadMix.run(List.of(nodeA, nodeB), new LoadMix.Options(64, 400, Duration.ofSeconds(10), List.of()));
        LoadMix.Result result =
                LoadMix.run(List.of(nodeA, nodeB), new LoadMix.Options(64, 2400, Duration.ofSeconds(20), LOAD_RULES));
        System.out.print(result.report());
        LoadMix.OpStats limits = result.ops().get(LoadMix.Op.LIMIT);
        assertTrue(
                limits.requests() > 2 * LOAD_RULES.size() * 100,
                "the load asks each limit well past its count: " + result.report());
        assertEquals(0, result.redisTimeoutsLogged(), "Redis timeouts on the nodes: " + result.report());
        assertEquals(0, result.unavailable(), "503 answers: " + result.report());
        assertEquals(0, result.otherErrors() + result.clientTimeouts(), "errors: " + result.report());
        assertEquals(0, result.failOpenTotal(), "fail-open admissions: " + result.report());
        for (LoadMix.Rule rule : LOAD_RULES) {
            assertEquals(rule.limit(), result.admitted().get(rule.id()), rule.id() + " admitted: " + result.report());
        }
    }

    @Test
    void ping_HeadersCountDownThen429ProblemWithRetryAfter() throws InterruptedException {
        // a fixed 10 s window: start early in a window, or the count may reset half-way through the six requests
        String client = "203.0.113.99";
        Http.Reply probe = get(nodeA, "api/limited/ping", "X-Forwarded-For", "203.0.113.98");
        long untilNextWindow = Long.parseLong(probe.header("RateLimit-Reset"));
        if (untilNextWindow < 5) {
            Thread.sleep(untilNextWindow * 1000 + 200);
        }
        for (int i = 1; i <= 5; i++) {
            Http.Reply ok = get(nodeA, "api/limited/ping", "X-Forwarded-For", client);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("5", ok.header("RateLimit-Limit"));
            assertEquals(Integer.toString(5 - i), ok.header("RateLimit-Remaining"));
            assertEquals("5;w=10", ok.header("RateLimit-Policy"));
            long reset = Long.parseLong(ok.header("RateLimit-Reset"));
            assertTrue(reset >= 1 && reset <= 10, "reset " + reset);
        }
        Http.Reply refused = get(nodeA, "api/limited/ping", "X-Forwarded-For", client);
        assertEquals(429, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        JsonObject problem = refused.json();
        assertEquals("urn:redkit:problem:rate-limited", problem.getString("type"));
        assertEquals("ping", problem.getString("rule"));
        assertTrue(problem.getString("detail").contains("ip:" + client), problem.toString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertEquals("0", refused.header("RateLimit-Remaining"));

        Http.Reply annotated = get(nodeA, "api/limited/annotated", "X-Forwarded-For", client);
        assertEquals(429, annotated.status(), "@RateLimited(rule=ping) shares the client's ping budget");
        assertEquals("ping", annotated.json().getString("rule"));
        assertTrue(annotated.header("Retry-After") != null);

        JsonObject usage =
                OpsLogin.as(nodeB).get("api/ratelimits/ping/ip:" + client).json();
        assertEquals(0, usage.getInt("remaining"), usage.toString());
    }

    @Test
    void forwardedFor_HonouredOnlyFromATrustedProxy() {
        // node B trusts no proxy: every request is its socket peer, 127.0.0.1, whatever the header says
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    200,
                    get(nodeB, "api/limited/xff", "X-Forwarded-For", "198.51.100." + i)
                            .status());
        }
        assertEquals(
                429,
                get(nodeB, "api/limited/xff", "X-Forwarded-For", "198.51.100.200")
                        .status());
        // node A trusts 127.0.0.1: the forwarded client is the key
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    200,
                    get(nodeA, "api/limited/xff", "X-Forwarded-For", "198.51.100.7")
                            .status());
        }
        assertEquals(
                429,
                get(nodeA, "api/limited/xff", "X-Forwarded-For", "198.51.100.7").status());
        assertEquals(
                200,
                get(nodeA, "api/limited/xff", "X-Forwarded-For", "198.51.100.8").status());
    }

    @Test
    void tiers_ApiKeyInPaidTier_GetsThePaidLimits() {
        Http admin = OpsLogin.as(nodeA);
        Http.Reply assigned = admin.send(admin.request("api/limited/api-keys/paid-key-001")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"paid\"}"))
                .build());
        assertEquals(200, assigned.status(), assigned.toString());

        Http.Reply paid = get(nodeB, "api/limited/tiered", "X-API-Key", "paid-key-001");
        assertEquals("50", paid.header("RateLimit-Limit"));
        assertEquals("50;w=10, 1000;w=3600", paid.header("RateLimit-Policy"));

        for (int i = 0; i < 5; i++) {
            assertEquals(
                    200,
                    get(nodeA, "api/limited/tiered", "X-API-Key", "free-key-001")
                            .status());
        }
        Http.Reply refused = get(nodeA, "api/limited/tiered", "X-API-Key", "free-key-001");
        assertEquals(429, refused.status());
        assertEquals("free", refused.json().getString("tier"));
        assertEquals(
                200,
                get(nodeA, "api/limited/tiered", "X-API-Key", "paid-key-001").status());
    }

    /**
     * A limit lowered at runtime through the ops endpoint on node A is applied by node B within a second, the requests
     * already taken counting against it; a bad change is a 400 problem naming the property; the reset is followed too.
     */
    @Test
    void dynamicRules_ChangedOnOneNode_AppliedOnTheOtherWithinASecond_CountsGoOn() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(nodeA, "api/limited/dyn").status());
        }
        Http adminA = OpsLogin.as(nodeA);
        Http adminB = OpsLogin.as(nodeB);
        Http.Reply bad = putJson(adminA, "api/ratelimits/rules/dyn", "{\"limits\":\"lots/1m\"}");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("application/problem+json", bad.contentType());
        assertEquals(
                "limits", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertTrue(bad.json().getString("detail").contains("'lots/1m' is not a limit"), bad.toString());
        assertEquals(
                404,
                putJson(adminA, "api/ratelimits/rules/nope", "{\"limits\":\"1/1m\"}")
                        .status());

        Http.Reply changed = putJson(adminA, "api/ratelimits/rules/dyn", "{\"limits\":\"4/1h\"}");
        assertEquals(200, changed.status(), changed.toString());
        org.awaitility.Awaitility.await("node B applies the change")
                .atMost(Duration.ofSeconds(1))
                .until(() -> effectiveLimits(adminB, "dyn").equals("4;w=3600"));
        assertEquals(200, get(nodeB, "api/limited/dyn").status(), "3 taken + 1 = the new 4");
        Http.Reply refused = get(nodeB, "api/limited/dyn");
        assertEquals(429, refused.status());
        assertEquals("4", refused.header("RateLimit-Limit"));

        assertEquals(200, adminB.delete("api/ratelimits/rules/dyn").status());
        org.awaitility.Awaitility.await("node A goes back to the configuration")
                .atMost(Duration.ofSeconds(1))
                .until(() -> effectiveLimits(adminA, "dyn").equals("100;w=3600"));
        assertEquals(200, get(nodeA, "api/limited/dyn").status());
    }

    private static String effectiveLimits(Http admin, String rule) {
        return admin.get("api/ratelimits/rules/" + rule)
                .json()
                .getJsonObject("effective")
                .getJsonObject("tiers")
                .getString("default");
    }

    private static Http.Reply putJson(Http http, String path, String json) {
        return http.send(http.request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Test
    void unmatchedPaths_HaveNoRateLimitHeaders() {
        Http.Reply reply = nodeA.http().get("api/counters/none");
        assertNull(reply.header("RateLimit-Limit"));
        List<String> rules =
                OpsLogin.as(nodeA).get("api/ratelimits").body().lines().toList();
        assertTrue(rules.get(0).contains("\"id\":\"fw\""), rules.toString());
    }

    @Test
    void redisStopped_FailOpenAdmitsFailClosedAnswers503() {
        RedisTestServer redis = RedisTestServer.shared();
        try {
            redis.stop();
            Http.Reply open = get(nodeA, "api/limited/ping"); // ping is fail-open (the default)
            assertEquals(200, open.status(), "fail-open: " + open);
            assertNull(open.header("RateLimit-Limit"), "no usage to report");
            Http.Reply closed = get(nodeA, "api/limited/closed");
            assertEquals(503, closed.status(), closed.toString());
            assertEquals("urn:redkit:problem:redis-unavailable", closed.json().getString("type"));
            assertEquals("closed", closed.json().getString("rule"));
            assertTrue(closed.header("Retry-After") != null);
        } finally {
            redis.start();
        }
        // both nodes, not just the one asked during the outage: the next test must not meet a node whose client is
        // still reconnecting (its decisions would be fail-open admissions)
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                status = get(node, "api/limited/closed").status();
            }
            assertEquals(200, status, node.name() + ": the fail-closed rule admits again once Redis is back");
        }
        assertTrue(nodeA.log().contains("Rate limit 'closed' cannot reach Redis; policy fail-closed"));
        String metrics = nodeA.http().get("metrics").body();
        assertTrue(metrics.contains("redkit_ratelimit_failopen_total"), "fail-open counted in a metric");
    }

    /** A raw request target: {@link Http#request} resolves the path, which would remove dot segments first. */
    private static Http.Reply getRaw(PayaraMicroNode node, String rawPath, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        java.net.URI.create(node.http().base().toString().replaceAll("/$", "") + rawPath))
                .timeout(Duration.ofSeconds(30))
                .GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return node.http().send(request.build());
    }

    @Test
    void forwarded_RandomPerRequestFromTrustedProxyWithXffConfigured_LimitedAtTheRulesCount() {
        java.util.Random random = new java.util.Random();
        int admitted = 0;
        for (int i = 0; i < 300; i++) {
            String spoofed = "for=" + (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256)
                    + "." + random.nextInt(256);
            int status = get(nodeA, "api/limited/fwd", "Forwarded", spoofed).status();
            assertTrue(status == 200 || status == 429, "status " + status);
            admitted += status == 200 ? 1 : 0;
        }
        System.out.println("random Forwarded: " + admitted + " of 300 admitted under 100/1h");
        assertEquals(100, admitted, "the client-sent Forwarded header is ignored: one client, 100 per hour");
    }

    @Test
    void apiKeys_RandomUnknownKeys_CountedByClientIp() {
        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            int status = get(
                            nodeA,
                            "api/limited/keys",
                            "X-API-Key",
                            java.util.UUID.randomUUID().toString(),
                            "X-Forwarded-For",
                            "198.51.100.60")
                    .status();
            assertTrue(status == 200 || status == 429, "status " + status);
            admitted += status == 200 ? 1 : 0;
        }
        System.out.println("random API keys: " + admitted + " of 60 admitted under 5/1h");
        assertEquals(5, admitted, "unknown keys share their client's budget");
        Http.Reply refused =
                get(nodeA, "api/limited/keys", "X-API-Key", "made-up-key", "X-Forwarded-For", "198.51.100.60");
        assertTrue(refused.json().getString("detail").contains("ip:198.51.100.60"), refused.toString());
        assertTrue(!refused.body().contains("made-up-key"), "no raw key in the answer");
    }

    @Test
    void apiKeys_RegisteredKey_KeepsItsOwnBudget() {
        String client = "198.51.100.61";
        for (int i = 0; i < 5; i++) {
            get(nodeA, "api/limited/keys", "X-API-Key", "unregistered-" + i, "X-Forwarded-For", client);
        }
        assertEquals(
                429,
                get(nodeA, "api/limited/keys", "X-Forwarded-For", client).status(),
                "the client's IP budget is spent");
        Http admin = OpsLogin.as(nodeA);
        Http.Reply assigned = admin.send(admin.request("api/limited/api-keys/registered-key-0001")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"paid\"}"))
                .build());
        assertEquals(200, assigned.status(), assigned.toString());
        for (int i = 1; i <= 5; i++) {
            Http.Reply ok =
                    get(nodeA, "api/limited/keys", "X-API-Key", "registered-key-0001", "X-Forwarded-For", client);
            assertEquals(200, ok.status(), "registered key, request " + i + ": " + ok);
        }
        Http.Reply over = get(nodeA, "api/limited/keys", "X-API-Key", "registered-key-0001", "X-Forwarded-For", client);
        assertEquals(429, over.status(), over.toString());
        assertTrue(!over.body().contains("registered-key-0001"), "the key appears hashed only: " + over.body());
    }

    @Test
    void apiKeys_UnknownKeyUnderRefuse_401Problem() {
        Http.Reply refused = get(nodeA, "api/limited/refuse", "X-API-Key", "guessed-key-0001");
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertEquals("urn:redkit:problem:unknown-api-key", refused.json().getString("type"));
        assertTrue(refused.header("WWW-Authenticate") != null);
        assertEquals(200, get(nodeA, "api/limited/refuse").status(), "no key: counted by IP");
    }

    @Test
    void paths_EncodedAndDecoratedVariants_AllCountAgainstTheRule() {
        List<String> variants = List.of(
                "/api/limited/variant",
                "/api/limited/v%61riant",
                "/api/limited/variant;x",
                "//api/limited/variant",
                "/api/limited/./variant",
                "/api/limited/x/../variant",
                "/api//limited/variant",
                "/api/limited/variant/");
        int passed = 0;
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String variant : variants) {
                Http.Reply reply = getRaw(nodeA, variant, "X-Forwarded-For", "198.51.100.70");
                seen.add(variant + " " + reply.status());
                assertTrue(List.of(200, 404, 429).contains(reply.status()), variant + " " + reply);
                if (reply.status() == 200) {
                    assertTrue(reply.header("RateLimit-Limit") != null, variant + " reached the resource uncounted");
                }
                passed += reply.status() == 429 ? 0 : 1;
            }
        }
        System.out.println("path variants: " + seen);
        // a variant Payara answers 404 (it reaches no resource) is still counted: the rule sees the normalized path
        assertEquals(5, passed, "exactly the rule's 5 pass the limiter, whatever the spelling: " + seen);
        assertTrue(
                seen.subList(seen.size() - variants.size(), seen.size()).stream()
                        .allMatch(v -> v.endsWith(" 429")),
                "once spent, every variant is refused: " + seen);
    }

    @Test
    void sessionCookie_HttpsFromTrustedProxy_Secure() {
        Http.Reply trusted = putBehindTlsProxy(nodeA);
        assertEquals(201, trusted.status(), trusted.toString());
        assertTrue(sessionCookieHeader(trusted).contains("; Secure"), sessionCookieHeader(trusted));

        Http.Reply untrusted = putBehindTlsProxy(nodeB);
        assertEquals(201, untrusted.status(), untrusted.toString());
        assertTrue(!sessionCookieHeader(untrusted).contains("Secure"), sessionCookieHeader(untrusted));
    }

    /**
     * A session write with {@code X-Forwarded-Proto: https}. Sent again while it is answered with the documented
     * outage 503 (nothing stored): an earlier test of this class restarts Redis, and a pooled connection may not be
     * re-established yet.
     */
    private static Http.Reply putBehindTlsProxy(PayaraMicroNode node) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> node.http()
                                .send(node.http()
                                        .request("api/session/attributes/proto")
                                        .header("Content-Type", "application/json")
                                        .header("X-Forwarded-Proto", "https")
                                        .PUT(HttpRequest.BodyPublishers.ofString("1"))
                                        .build()),
                        reply -> reply.status() != 503
                                || !reply.toString().contains("urn:redkit:problem:redis-unavailable"));
    }

    private static String sessionCookieHeader(Http.Reply reply) {
        return reply.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + reply.headers()));
    }

    /**
     * Password guessing on the operator login through the trusted proxy: nine wrong passwords from one client are 401s,
     * the tenth (the budget, {@code redkit.app.ops.login.max-failures} 10) and every login after it, the right
     * password included, 429 with {@code Retry-After}, on the JAX-RS endpoints and the dashboard alike; another client
     * still logs in; a wrong {@code Authorization} on a public endpoint counts nothing; the count lives in Redis under a
     * hash of the address.
     */
    @Test
    void opsLogin_TenWrongPasswordsFromOneClient_ThenRefused429EvenWithThePassword_OtherClientsLogIn() {
        String attacker = "198.51.100.23";
        Http wrong = nodeA.http().withBasicAuth(OpsLogin.USER, "not-the-password-" + System.nanoTime());
        Http right = OpsLogin.as(nodeA);
        for (int attempt = 1; attempt <= 9; attempt++) {
            Http.Reply reply = from(wrong, "api/redis/info", attacker);
            assertEquals(401, reply.status(), "attempt " + attempt + ": " + reply);
            assertTrue(reply.header("WWW-Authenticate").startsWith("Basic realm=\"redkit-ops\""), reply.toString());
        }
        Http.Reply tenth = from(wrong, "api/redis/info", attacker);
        assertEquals(429, tenth.status(), tenth.toString());
        for (Http.Reply refused : List.of(
                from(right, "api/redis/info", attacker), from(right, "", attacker), from(wrong, "", attacker))) {
            assertEquals(429, refused.status(), refused.toString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
            assertTrue(
                    refused.json().getString("detail").contains("Too many failed operator logins"), refused.toString());
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertTrue(retryAfter > 0 && retryAfter <= 900, refused.toString());
        }

        assertEquals(200, from(right, "api/redis/info", "198.51.100.24").status(), "another client logs in");
        String stray = "198.51.100.25";
        for (int i = 0; i < 12; i++) {
            Http.Reply publicEndpoint = from(wrong, "api/products", stray);
            assertEquals(200, publicEndpoint.status(), publicEndpoint.toString());
        }
        assertEquals(
                200, from(right, "api/redis/info", stray).status(), "a stray header on a public path counts nothing");

        org.redisson.api.RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            List<String> keys = new ArrayList<>();
            redis.getKeys().getKeysByPattern("*login-failures*").forEach(keys::add);
            String hash = io.redkit.redis.KeyHash.of(attacker);
            assertTrue(keys.stream().anyMatch(key -> key.endsWith(":" + hash)), "the attacker counted: " + keys);
            assertTrue(keys.stream().noneMatch(key -> key.contains("198.51.100")), "addresses hashed: " + keys);
        } finally {
            redis.shutdown();
        }
    }

    private static Http.Reply from(Http http, String path, String clientIp) {
        return http.send(
                http.request(path).header("X-Forwarded-For", clientIp).GET().build());
    }
}
