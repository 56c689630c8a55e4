package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import io.redkit.testing.ServerNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * What a foreign application gets from redkit, on every supported server: the shop WAR (package {@code
 * com.example.shop}) is built from the {@code redkit-kit} jar alone, with its own persistence unit, JAX-RS
 * application, configuration and Redis client, and deployed against the harness Redis. Everything it asked for works;
 * nothing of redkit's reference application comes with it. One subclass per server ({@link ShopIT} on Payara Micro 6,
 * {@link ShopOnWildFlyIT}), each with its own key prefix so that no server's keys can satisfy another's assertions.
 */
abstract class ShopContract {

    static RedissonClient redis;

    /** The node the tests talk to. */
    abstract ServerNode node();

    /** Every node of the class (they share Redis): a job's runs may land on any of them. */
    List<ServerNode> nodes() {
        return List.of(node());
    }

    /** The {@code redkit.redis.key-prefix} the nodes run with. */
    abstract String prefix();

    /** The server's readiness endpoint: MicroProfile Health's {@code /health/ready} on the application's port. */
    Http.Reply readiness() {
        return node().http().get("health/ready");
    }

    /**
     * Whether the server offers MicroProfile Health to applications: then the kit's {@code redis} check is in the
     * readiness report; without it the kit's {@code beans.xml} leaves the check out and the deployment works.
     */
    boolean microProfileHealth() {
        return true;
    }

    /**
     * Where the server serves the application's metrics (Prometheus text) on the application's port, or empty where it
     * offers no metrics API: then the kit's metrics are off and its log says so once.
     */
    Optional<String> metricsPath() {
        return Optional.of("metrics");
    }

    @BeforeAll
    static void redisClient() {
        redis = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void closeRedisClient() {
        if (redis != null) {
            redis.shutdown();
        }
    }

    /** What each node needs besides its own settings: where Redis is, for redkit and for the shop's own client. */
    static Map<String, String> redisAddresses() {
        String address = RedisTestServer.shared().address();
        return Map.of("redkit.redis.address", address, "shop.redis.address", address);
    }

    @Test
    void cacheResult_SecondCallIsAHitInTheCacheStatistics_AndTheMethodRanOnce() {
        Http http = node().http();
        Http.Reply first = http.get("shop/prices/sku-1");
        assertEquals(200, first.status(), first.toString());
        int computations = first.json().getInt("computations");
        long hitsBefore =
                http.get("shop/prices-statistics").json().getJsonNumber("hits").longValue();

        Http.Reply second = http.get("shop/prices/sku-1");
        assertEquals(first.json().getInt("price"), second.json().getInt("price"));
        assertEquals(computations, second.json().getInt("computations"), "served from the cache, not computed");
        Http.Reply stats = http.get("shop/prices-statistics");
        assertEquals(200, stats.status(), stats.toString());
        assertEquals(hitsBefore + 1, stats.json().getJsonNumber("hits").longValue(), stats.toString());
        assertFalse(keys(prefix() + ":*prices*").isEmpty(), "the cache lives in Redis under the shop's key prefix");
    }

    @Test
    void metrics_CacheHitsOfThePricesCache_WhereTheServerHasAMetricsApi() {
        Http http = node().http();
        assertEquals(200, http.get("shop/prices/sku-metrics").status());
        assertEquals(200, http.get("shop/prices/sku-metrics").status()); // a hit
        Optional<String> path = metricsPath();
        if (path.isEmpty()) {
            assertTrue(
                    node().log().contains("redkit: no metrics API on this server"),
                    "the kit says once that its metrics are off on " + node().server());
            return;
        }
        Http.Reply metrics = http.get(path.get());
        assertEquals(200, metrics.status(), metrics.toString());
        List<String> hits = metrics.body()
                .lines()
                .filter(line -> line.startsWith("redkit_cache_hits") && line.contains("cache=\"prices\""))
                .toList();
        assertEquals(1, hits.size(), "one redkit_cache_hits series for the prices cache in:\n" + metrics.body());
        System.out.println("metrics on " + node().server() + ": " + hits.get(0)); // for the README's table
        double value = Double.parseDouble(hits.get(0).substring(hits.get(0).lastIndexOf(' ') + 1));
        assertTrue(value >= 1, "at least the hit just made: " + hits.get(0));
    }

    @Test
    void metrics_JobRunTimes_WhereTheServerHasAMetricsApi() {
        Optional<String> path = metricsPath();
        if (path.isEmpty()) {
            return; // no metrics API: the kit's metrics are off (checked with the cache metrics above)
        }
        // the shop's job runs every 2 s on one node of the cluster: its run times are on that node's /metrics
        Awaitility.await("a redkit_jobs_duration series of job shop-report on some node")
                .atMost(Duration.ofSeconds(60))
                .until(() -> nodes().stream()
                        .flatMap(n -> n.http().get(path.get()).body().lines())
                        .anyMatch(line ->
                                line.startsWith("redkit_jobs_duration") && line.contains("job=\"shop-report\"")));
    }

    @Test
    void namedCache_InjectedByName_IsTheCacheTheAnnotationsFill() {
        Http http = node().http();
        Http.Reply first = http.get("shop/prices/sku-named");
        assertEquals(200, first.status(), first.toString());
        int computed = first.json().getInt("computations");
        assertEquals(computed, http.get("shop/prices/sku-named").json().getInt("computations"), "a hit");

        Http.Reply cleared = http.delete("shop/prices");
        assertEquals(200, cleared.status(), cleared.toString());
        assertTrue(cleared.json().getInt("removed") >= 1, "the injected cache held the entry: " + cleared);
        assertEquals(
                computed + 1,
                http.get("shop/prices/sku-named").json().getInt("computations"),
                "emptied through @NamedCache(\"prices\"), the annotated method computes again");
    }

    @Test
    void hibernateSecondLevelCache_ReadsAnArticleWithNoSql() {
        Http http = node().http();
        Http.Reply created = http.post("shop/articles/lamp", "text/plain", "");
        assertEquals(200, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        http.get("shop/articles/" + id); // the first read may load it from the database

        Http.Reply cached = http.get("shop/articles/" + id);
        assertEquals(200, cached.status(), cached.toString());
        assertEquals("lamp", cached.json().getString("title"));
        assertEquals(0, cached.json().getInt("sqlStatements"), cached.toString());
        assertEquals(1, cached.json().getInt("secondLevelCacheHits"), cached.toString());
        assertFalse(
                keys(prefix() + ":*Article*").isEmpty(), "the entity region lives in Redis: " + keys(prefix() + ":*"));
    }

    @Test
    void session_IsKeptInRedis_AndServedBackByCookie() {
        Http http = node().http();
        Http.Reply added = http.post("shop/cart/tea", "text/plain", "");
        assertEquals(200, added.status(), added.toString());
        String cookie = added.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie: " + added));
        String id = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
        assertFalse(added.body().contains(id), "the session id is in no response body: " + added.body());
        // the key is <prefix>:session:{<first part of the id>}:<hash of the rest>: the hash tag keeps a session's
        // keys in one slot, and no key name gives the id away
        String secret = id.substring(id.indexOf('.') + 1);
        assertFalse(
                keys(prefix() + ":session:*" + io.redkit.redis.KeyHash.of(secret))
                        .isEmpty(),
                "session " + id + " in Redis: " + keys(prefix() + ":*"));
        assertTrue(keys("*" + secret + "*").isEmpty(), "the id's secret in a key name: " + keys(prefix() + ":*"));

        Http.Reply cart = http.send(http.request("shop/cart")
                .header("Cookie", "SESSION=" + id)
                .GET()
                .build());
        assertEquals("[\"tea\"]", cart.body());
    }

    @Test
    void sessionScopedBean_ChangedInPlace_IsKeptInTheRedisSession_AndDestroyedWithIt() {
        List<ServerNode> nodes = nodes();
        // each call goes to the next node (one node: the same one); the bean's count goes on wherever it is served
        int startedBefore = nodes.get(0).http().get("shop/visits/ended").json().getInt("sessionsStarted");
        String id = null;
        for (int call = 1; call <= 4; call++) {
            ServerNode node = nodes.get((call - 1) % nodes.size());
            Http http = node.http();
            java.net.http.HttpRequest.Builder visit =
                    http.request("shop/visits").POST(java.net.http.HttpRequest.BodyPublishers.noBody());
            if (id != null) {
                visit.header("Cookie", "SESSION=" + id);
            }
            Http.Reply reply = http.send(visit.build());
            assertEquals(200, reply.status(), reply.toString());
            assertEquals(call, reply.json().getInt("visits"), "call " + call + " on " + node + ": " + reply);
            if (id == null) {
                id = reply.setCookie("SESSION");
                assertNotNull(id, "the first visit starts a redkit session: " + reply);
            }
        }
        String secret = id.substring(id.indexOf('.') + 1);
        List<String> sessionKeys = keys(prefix() + ":session:*" + io.redkit.redis.KeyHash.of(secret));
        assertEquals(1, sessionKeys.size(), "one session key: " + sessionKeys);
        assertTrue(
                redis
                        .<String, String>getMap(sessionKeys.get(0), org.redisson.client.codec.StringCodec.INSTANCE)
                        .keySet()
                        .stream()
                        .anyMatch(field -> field.startsWith("a:redkit.cdi:com.example.shop.Visits#")),
                "the bean is a field of the Redis session: "
                        + redis.getMap(sessionKeys.get(0), org.redisson.client.codec.StringCodec.INSTANCE)
                                .keySet());

        assertEquals(
                startedBefore + 1,
                nodes.get(0).http().get("shop/visits/ended").json().getInt("sessionsStarted"),
                "@Initialized(SessionScoped.class) once, on the node that created the session");

        ServerNode last = nodes.get(nodes.size() - 1);
        jakarta.json.JsonObject before = last.http().get("shop/visits/ended").json();
        int endedBefore = before.getInt("ended");
        Http http = last.http();
        Http.Reply logout = http.send(http.request("shop/session")
                .header("Cookie", "SESSION=" + id)
                .DELETE()
                .build());
        assertEquals(204, logout.status(), logout.toString());
        assertEquals(
                endedBefore + 1,
                last.http().get("shop/visits/ended").json().getInt("ended"),
                "@PreDestroy ran on the node that ended the session");
        assertEquals(
                before.getInt("sessionsEnded") + 1,
                last.http().get("shop/visits/ended").json().getInt("sessionsEnded"),
                "@Destroyed(SessionScoped.class) on the node that ended the session");
        Http.Reply fresh = nodes.get(0)
                .http()
                .send(nodes.get(0)
                        .http()
                        .request("shop/visits")
                        .header("Cookie", "SESSION=" + id)
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build());
        assertEquals(1, fresh.json().getInt("visits"), "the ended session's bean is gone: " + fresh);
    }

    @Test
    void sessionsOfAUser_ListedAcrossNodes_HeaderIdsAndRememberMe_LogoutEverywhereEndsThemAll() {
        List<ServerNode> nodes = nodes();
        ServerNode a = nodes.get(0);
        ServerNode b = nodes.get(nodes.size() - 1);
        String user = "u" + Long.toString(System.nanoTime(), 36).replaceAll("[^a-z]", "");

        // a browser on node a: a cookie, persistent because it asks to be remembered (Max-Age within the timeout)
        Http.Reply browser = a.http().post("shop/login/" + user + "?remember=true", "text/plain", "");
        assertEquals(200, browser.status(), browser.toString());
        String cookieId = browser.setCookie("SESSION");
        assertNotNull(cookieId, "a session cookie: " + browser);
        List<String> sessionCookies = browser.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .toList();
        assertEquals(1, sessionCookies.size(), "one session cookie, the last word: " + sessionCookies);
        String cookie = sessionCookies.get(0);
        assertTrue(cookie.matches(".*; Max-Age=\\d+;.*"), "remember-me makes the cookie persistent: " + cookie);
        assertEquals(cookieId, browser.header("X-Session-Token"), "the id also travels in the configured header");

        // an API client on node b: no cookies, only the header
        Http.Reply api = b.http().post("shop/login/" + user, "text/plain", "");
        assertEquals(200, api.status(), api.toString());
        String token = api.header("X-Session-Token");
        assertNotNull(token, "the id in the X-Session-Token header: " + api);
        assertNotEquals(cookieId, token);
        Http hb = b.http();
        Http.Reply rotated = hb.send(hb.request("shop/login/" + user)
                .header("X-Session-Token", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(200, rotated.status(), rotated.toString());
        String newToken = rotated.header("X-Session-Token");
        assertNotNull(newToken, "a login rotates the id, and the new one comes back in the header: " + rotated);
        assertNotEquals(token, newToken);

        // node a lists both sessions of the user, the asking one marked, and no id in the answer
        Http ha = a.http();
        Http.Reply mine = ha.send(ha.request("shop/sessions")
                .header("X-Session-Token", newToken)
                .GET()
                .build());
        assertEquals(200, mine.status(), mine.toString());
        jakarta.json.JsonArray listed = mine.jsonArray();
        assertEquals(2, listed.size(), "the user's two sessions: " + mine.body());
        assertEquals(
                1,
                listed.stream()
                        .filter(v -> v.asJsonObject().getBoolean("current"))
                        .count(),
                mine.body());
        assertFalse(mine.body().contains(cookieId) || mine.body().contains(newToken), mine.body());

        // "log out everywhere" from node b ends both; node a then knows neither
        Http.Reply everywhere = hb.send(hb.request("shop/sessions")
                .header("Cookie", "SESSION=" + cookieId)
                .DELETE()
                .build());
        assertEquals(200, everywhere.status(), everywhere.toString());
        assertEquals(2, everywhere.json().getInt("ended"), everywhere.toString());
        for (String[] credential : new String[][] {{"Cookie", "SESSION=" + cookieId}, {"X-Session-Token", newToken}}) {
            Http.Reply after = ha.send(ha.request("shop/sessions")
                    .header(credential[0], credential[1])
                    .GET()
                    .build());
            assertEquals("[]", after.body(), "the ended session has no user any more: " + after);
        }
    }

    @Test
    void login_RefusesAMalformedUserName_WithAProblem() {
        Http.Reply bad = node().http().post("shop/login/NOT-A-NAME", "text/plain", "");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.toString());
        assertTrue(bad.json().getString("detail").contains("user"), bad.toString());
    }

    @Test
    void rateLimit_FourthGreetingIs429WithRateLimitHeaders() {
        Http http = node().http();
        for (int i = 0; i < 3; i++) {
            Http.Reply ok = http.get("shop/greeting");
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("3", ok.header("RateLimit-Limit"));
        }
        Http.Reply refused = http.get("shop/greeting");
        assertEquals(429, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
        assertEquals("0", refused.header("RateLimit-Remaining"));
        assertNotNull(refused.header("Retry-After"));
    }

    @Test
    void rateLimitedMethod_SecondCheckoutIs429_MappedByRedkit() {
        Http http = node().http();
        Http.Reply first = http.post("shop/checkout", "text/plain", "");
        assertEquals(200, first.status(), first.toString());
        Http.Reply second = http.post("shop/checkout", "text/plain", "");
        assertEquals(429, second.status(), second.toString());
        assertTrue(second.contentType().startsWith("application/problem+json"), second.toString());
        assertEquals("1", second.header("RateLimit-Limit"));
        assertNotNull(second.header("Retry-After"));
    }

    @Test
    void clusterSingletonJob_RanUnderItsRedisLock() {
        Awaitility.await("the shop's @ClusterSingleton job ran on one of " + nodes().size() + " node(s)")
                .atMost(Duration.ofSeconds(30))
                .until(() -> nodes().stream()
                                .mapToInt(node ->
                                        node.http().get("shop/report").json().getInt("runs"))
                                .sum()
                        > 0);
        String history = prefix() + ":jobs:{shop-report}:history";
        assertTrue(
                redis.getList(history, StringCodec.INSTANCE).size() > 0, "its runs in Redis: " + keys(prefix() + ":*"));
    }

    @Test
    void hostsOwnRedisClient_WorksBesideRedkits() {
        Http http = node().http();
        String note = "hi from " + node().name(); // not what another server's run of the contract stored
        Http.Reply stored = http.send(http.request("shop/notes/welcome")
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(note))
                .build());
        assertEquals(200, stored.status(), stored.toString());
        assertEquals(note, stored.json().getString("stored"));
        assertEquals(
                note,
                redis.getBucket("shop-notes:welcome", StringCodec.INSTANCE).get());
    }

    @Test
    void readiness_HasTheRedisCheckUp_WhereTheServerHasMicroProfileHealth() {
        Http.Reply ready = readiness();
        assertEquals(200, ready.status(), ready.toString());
        if (microProfileHealth()) {
            List<String> checks = ready.json().getJsonArray("checks").stream()
                    .map(check -> check.asJsonObject().getString("name") + "="
                            + check.asJsonObject().getString("status"))
                    .toList();
            assertTrue(checks.contains("redis=UP"), node().server() + ": " + ready.body());
        } else {
            // the server's own report, in its own format: the kit added nothing to it and its deployment stood
            assertFalse(ready.body().contains("\"redis\""), node().server() + ": " + ready.body());
        }
    }

    @Test
    void nothingOfTheReferenceAppComesWithTheKit() throws Exception {
        Http http = node().http();
        assertEquals(200, http.get("shop/report").status(), node().server() + " serves the shop at /");
        for (String path : new String[] {"api/products", "api/jobs", "api/ratelimits", "api/caches", "problem"}) {
            assertEquals(404, http.get(path).status(), path);
        }
        try (ZipFile war = new ZipFile(PayaraMicroNode.warUnderTest())) {
            List<String> entries = war.stream().map(ZipEntry::getName).toList();
            assertTrue(
                    entries.stream().noneMatch(e -> e.startsWith("WEB-INF/classes/io/redkit")),
                    "only the shop's classes");
            assertTrue(
                    entries.stream().anyMatch(e -> e.matches("WEB-INF/lib/redkit-kit-.*\\.jar")),
                    "the kit as one jar: " + entries);
        }
        assertFalse(node().log().contains("io.redkit.app"), "no class of the reference app was loaded");
    }

    static List<String> keys(String pattern) {
        return StreamSupport.stream(redis.getKeys().getKeysByPattern(pattern).spliterator(), false)
                .toList();
    }
}
