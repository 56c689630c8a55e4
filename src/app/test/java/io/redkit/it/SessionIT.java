package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.CodecBombs;
import io.redkit.testing.FaultyRedis;
import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisCommandStats;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * HttpSession in Redis on two real Payara Micro nodes: any node serves any request, a killed node logs nobody out,
 * concurrent writers lose nothing, ids rotate at login, sessions expire with their events, bad cookies and bad
 * bytes give a fresh session, and Redis round trips per request are counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionIT {

    private static PayaraMicroNode nodeA;
    private static PayaraMicroNode nodeB;
    private static RedissonClient redis;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        redis = RedisTestServer.shared().newClient();
        Map<String, String> config = new HashMap<>();
        config.put("redkit.redis.address", RedisTestServer.shared().address());
        config.put("redkit.app.jobs.summary.seconds", "off");
        config.put("redkit.session.timeout", "8s");
        config.put("redkit.session.cleanup-interval", "1s");
        config.put("redkit.session.max-bytes", "20000");
        config.put("redkit.session.principal.max-sessions", "3"); // expire-oldest (the app's when-full)
        config.put("redkit.session.header.name", "X-Session-Token"); // besides the cookie, for API clients
        List<PayaraMicroNode> started = PayaraMicroNode.startPair("session", config, config);
        nodeA = started.get(0);
        nodeB = started.get(1);
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(nodeA, nodeB);
        if (redis != null) {
            redis.shutdown();
        }
    }

    /** A cookie jar for the SESSION cookie, usable against any node. */
    static final class Browser {
        volatile String session;

        Http.Reply send(PayaraMicroNode node, String method, String path, String json) {
            return send(node.http(), method, path, json);
        }

        Http.Reply send(Http http, String method, String path, String json) {
            HttpRequest.Builder request = http.request(path);
            if (session != null) {
                request.header("Cookie", "SESSION=" + session);
            }
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(
                    method,
                    json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            Http.Reply reply = http.send(request.build());
            for (String cookie : reply.headers().allValues("Set-Cookie")) {
                if (cookie.startsWith("SESSION=")) {
                    String value = cookie.substring(8, cookie.indexOf(';'));
                    session = value.isEmpty() ? null : value;
                }
            }
            return reply;
        }

        Http.Reply get(PayaraMicroNode node, String path) {
            return send(node, "GET", path, null);
        }

        Http.Reply login(PayaraMicroNode node, String user) {
            return send(node, "POST", "api/session/login", "{\"user\":\"" + user + "\",\"role\":\"admin\"}");
        }
    }

    @Test
    @Order(1)
    void twoNodes_LoginOnA_WorksOnB_AttributeFromBReadOnA_LogoutOnA_EndsItOnB() {
        Browser browser = new Browser();
        assertEquals(200, browser.login(nodeA, "alice").status());
        Http.Reply me = browser.get(nodeB, "api/session/me");
        assertEquals(200, me.status(), me.toString());
        assertEquals("alice", me.json().getString("user"));
        Http.Reply dashboard = browser.get(nodeB, "api/session/dashboard");
        assertEquals(200, dashboard.status(), dashboard.toString());
        assertEquals("alice", dashboard.json().getString("user"));
        assertNotNull(dashboard.json().getJsonObject("categories"), dashboard.toString());

        assertEquals(
                201,
                browser.send(nodeB, "PUT", "api/session/attributes/cart", "{\"items\":[1,2]}")
                        .status());
        assertEquals(
                "{\"items\":[1,2]}",
                browser.get(nodeA, "api/session/attributes/cart").body());

        assertEquals(
                204, browser.send(nodeA, "POST", "api/session/logout", null).status());
        Http.Reply after = browser.get(nodeB, "api/session/me");
        assertEquals(401, after.status());
        assertTrue(after.contentType().startsWith("application/problem+json"));
        assertEquals(401, browser.get(nodeA, "api/session/dashboard").status());
    }

    @Test
    @Order(2)
    void login_ChangesTheSessionId_OldIdIsDead() {
        Browser browser = new Browser();
        long idChangesBefore = events(nodeB, "idChanged");
        browser.send(nodeA, "PUT", "api/session/attributes/pre", "\"anonymous\"");
        String before = browser.session;
        assertNotNull(before);
        browser.login(nodeB, "bob");
        String after = browser.session;
        assertNotEquals(before, after, "a new id at login (session fixation)");
        assertEquals(idChangesBefore + 1, events(nodeB, "idChanged"), "HttpSessionIdListener fired on node B");
        assertEquals(before.substring(0, 8), after.substring(0, 8), "same family, same Redis slot");
        assertEquals(
                "\"anonymous\"",
                browser.get(nodeA, "api/session/attributes/pre").body(),
                "data kept");

        Browser attacker = new Browser();
        attacker.session = before;
        assertEquals(401, attacker.get(nodeA, "api/session/me").status(), "the pre-login id no longer works");
        assertEquals(404, attacker.get(nodeA, "api/session/attributes/pre").status());
    }

    @Test
    @Order(3)
    void concurrentWriters_TwoNodesTimesTwentyThreads_LoseNoAttributeAndNeverTearOne() throws Exception {
        Browser browser = new Browser();
        browser.login(nodeA, "carol");
        String cookie = browser.session;
        ExecutorService pool = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> statuses = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
        try {
            for (int t = 0; t < 40; t++) {
                int thread = t;
                PayaraMicroNode node = t % 2 == 0 ? nodeA : nodeB;
                statuses.add(pool.submit(() -> {
                    Browser same = new Browser();
                    same.session = cookie;
                    go.await();
                    String filler = "x".repeat(200 + thread);
                    int before = unavailable.get();
                    Http.Reply a = sendRetrying503(
                            same, node, "api/session/attributes/attr-" + thread, "\"v" + thread + "\"", unavailable);
                    // after a 503 the commit may or may not have reached Redis (a timeout): then 200 is right too
                    boolean aCreated = a.status() == 201 || (a.status() == 200 && unavailable.get() > before);
                    Http.Reply b = sendRetrying503(
                            same,
                            node,
                            "api/session/attributes/shared",
                            "{\"writer\":" + thread + ",\"check\":\"" + filler + "\"}",
                            unavailable);
                    return aCreated && (b.status() == 200 || b.status() == 201)
                            ? "ok"
                            : "thread " + thread + ": attr " + a + " / shared " + b;
                }));
            }
            go.countDown();
            for (Future<String> status : statuses) {
                assertEquals("ok", status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("concurrent session writers: 503 answers retried: " + unavailable.get());
        for (int t = 0; t < 40; t++) {
            Http.Reply reply = browser.get(t % 2 == 0 ? nodeB : nodeA, "api/session/attributes/attr-" + t);
            assertEquals("\"v" + t + "\"", reply.body(), "attribute of thread " + t);
        }
        JsonObject shared = browser.get(nodeA, "api/session/attributes/shared").json();
        int writer = shared.getInt("writer");
        assertEquals("x".repeat(200 + writer), shared.getString("check"), "one writer's whole value, not a mix");
        assertEquals(44, browser.get(nodeB, "api/session/me").json().getInt("attributeCount"));
    }

    /**
     * A PUT, sent again while it is answered 503 "Redis is unavailable" (what a client is told to do: nothing was
     * acknowledged). On a 2-core machine running two Payara nodes, Redis, PostgreSQL and 40 client threads, a
     * command can exceed the 3 s Redis timeout; that is an outage answer, not a lost write. Any other status is
     * returned as is.
     */
    private static Http.Reply sendRetrying503(
            Browser browser,
            PayaraMicroNode node,
            String path,
            String json,
            java.util.concurrent.atomic.AtomicInteger unavailable) {
        Http.Reply reply = browser.send(node, "PUT", path, json);
        for (int attempt = 0;
                attempt < 3 && reply.status() == 503 && reply.body().contains("redis-unavailable");
                attempt++) {
            unavailable.incrementAndGet();
            reply = browser.send(node, "PUT", path, json);
        }
        return reply;
    }

    @Test
    @Order(4)
    void readOnlyRequestIsOneRoundTrip_SettingOneAttributeIsTwo() {
        Browser browser = new Browser();
        browser.login(nodeA, "dave");
        browser.get(nodeB, "api/session/me");
        long readOnly = Long.MAX_VALUE;
        long write = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            Map<String, Long> before = commandStats();
            browser.get(nodeB, "api/session/me");
            readOnly = Math.min(readOnly, clientCalls(before, commandStats()));
            before = commandStats();
            browser.send(nodeB, "PUT", "api/session/attributes/n", Integer.toString(i));
            write = Math.min(write, clientCalls(before, commandStats()));
        }
        System.out.printf("session round trips: read-only request %d, set-one-attribute request %d%n", readOnly, write);
        assertEquals(1, readOnly, "GET /api/session/me on an existing session");
        assertEquals(2, write, "PUT one attribute");
    }

    @Test
    @Order(4)
    void guestCart_MergedIntoTheUsersCartAtLogin_OnAnotherNode() {
        Browser shopper = new Browser();
        assertEquals(401, shopper.get(nodeA, "api/session/me").status());
        Http.Reply added = shopper.send(
                nodeA,
                "POST",
                "api/cart/items",
                "{\"productId\":\"tea\",\"quantity\":2,\"name\":\"Green tea\",\"priceCents\":450}");
        assertEquals(200, added.status(), added.toString());
        assertEquals(
                2, shopper.get(nodeB, "api/cart").json().getInt("itemCount"), "the guest cart follows the session");

        Browser elsewhere = new Browser();
        elsewhere.login(nodeB, "kim");
        elsewhere.send(
                nodeB,
                "POST",
                "api/cart/items",
                "{\"productId\":\"tea\",\"quantity\":1,\"name\":\"Green tea\",\"priceCents\":450}");

        shopper.login(nodeB, "kim");
        JsonObject cart = shopper.get(nodeA, "api/cart").json();
        assertEquals("user:kim", cart.getString("owner"));
        assertEquals(3, cart.getInt("itemCount"), cart.toString());
        assertEquals(1350, cart.getInt("totalCents"));
        Http.Reply tooMany = shopper.send(nodeA, "PUT", "api/cart/items/tea", "{\"quantity\":100}");
        assertEquals(400, tooMany.status(), "quantities are bounded: " + tooMany);
        assertEquals(
                404,
                shopper.send(nodeA, "DELETE", "api/cart/items/coffee", null).status());
    }

    @Test
    @Order(5)
    void sessionsOfAUser_ListedOnEitherNodeWithoutIds_OthersEndedThroughOneNodeAreGoneOnBoth() {
        List<Browser> browsers = List.of(new Browser(), new Browser(), new Browser());
        assertEquals(200, browsers.get(0).login(nodeA, "lena").status());
        assertEquals(200, browsers.get(1).login(nodeB, "lena").status());
        assertEquals(200, browsers.get(2).login(nodeA, "lena").status());
        Browser other = new Browser();
        assertEquals(200, other.login(nodeB, "omar").status());

        Http.Reply mine = browsers.get(1).get(nodeA, "api/session/mine");
        assertEquals(200, mine.status(), mine.toString());
        List<JsonObject> sessions = mine.jsonArray().getValuesAs(JsonObject.class);
        assertEquals(3, sessions.size(), "lena's three sessions, not omar's: " + mine.body());
        assertEquals(1, sessions.stream().filter(e -> e.getBoolean("current")).count(), "one is the caller's: " + mine);
        assertEquals(
                2,
                sessions.stream().map(e -> e.getString("node")).distinct().count(),
                "logged in through both nodes: " + mine.body());
        for (Browser browser : browsers) {
            String secret = browser.session.substring(browser.session.indexOf('.') + 1);
            assertFalse(mine.body().contains(secret), "no session id in the listing: " + mine.body());
            assertFalse(mine.body().contains(browser.session.substring(0, 8)), "nor a part of one: " + mine.body());
        }

        Http.Reply ended = browsers.get(1).send(nodeB, "DELETE", "api/session/others", null);
        assertEquals(200, ended.status(), ended.toString());
        assertEquals(2, ended.json().getInt("ended"), ended.toString());
        assertEquals(401, browsers.get(0).get(nodeB, "api/session/me").status(), "ended, seen from the other node");
        assertEquals(401, browsers.get(2).get(nodeA, "api/session/me").status(), "ended, on the node it logged in");
        assertEquals(200, browsers.get(1).get(nodeA, "api/session/me").status(), "the caller's stays");
        assertEquals(200, other.get(nodeA, "api/session/me").status(), "another user's stays");
        assertEquals(
                1, browsers.get(1).get(nodeB, "api/session/mine").jsonArray().size());
        assertEquals(401, new Browser().get(nodeA, "api/session/mine").status(), "anonymous: nothing to list");
    }

    @Test
    @Order(5)
    void twentyConcurrentLoginsOfOneUser_CapOfThree_LeaveExactlyThreeSessions() throws Exception {
        int logins = 20;
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            browsers.add(new Browser());
        }
        ExecutorService pool = Executors.newFixedThreadPool(logins);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                Browser browser = browsers.get(i);
                PayaraMicroNode node = i % 2 == 0 ? nodeA : nodeB;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return browser.login(node, "max").status();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(), "every login is served (the oldest sessions make room)");
            }
        } finally {
            pool.shutdownNow();
        }
        long alive = browsers.stream()
                .filter(b -> b.get(nodeA, "api/session/me").status() == 200)
                .count();
        assertEquals(3, alive, "exactly the cap of sessions survive 20 concurrent logins on two nodes");
        Browser survivor = browsers.stream()
                .filter(b -> b.get(nodeB, "api/session/me").status() == 200)
                .findFirst()
                .orElseThrow();
        assertEquals(3, survivor.get(nodeB, "api/session/mine").jsonArray().size(), "and the index holds those 3");
    }

    @Test
    @Order(5)
    void headerIds_CreatedAndRotatedInTheHeader_ServedOnTheOtherNode_EmptiedAtLogout() {
        Http a = nodeA.http();
        Http.Reply guest = a.send(a.request("api/session/attributes/device")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("\"phone\""))
                .build());
        assertEquals(201, guest.status(), guest.toString());
        String first = guest.header("X-Session-Token");
        assertNotNull(
                first,
                "a new session's id comes back in the header: "
                        + guest.headers().map());

        Http b = nodeB.http();
        Http.Reply login = b.send(b.request("api/session/login")
                .header("X-Session-Token", first)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"hedy\"}"))
                .build());
        assertEquals(200, login.status(), login.toString());
        String rotated = login.header("X-Session-Token");
        assertNotNull(rotated, "the rotated id travels back in the header");
        assertNotEquals(first, rotated, "login rotates the id");

        Http.Reply kept = a.send(a.request("api/session/attributes/device")
                .header("X-Session-Token", rotated)
                .GET()
                .build());
        assertEquals("\"phone\"", kept.body(), "node A serves the session by its header id: " + kept);
        assertEquals(
                401,
                a.send(a.request("api/session/me")
                                .header("X-Session-Token", first)
                                .GET()
                                .build())
                        .status(),
                "the id before the rotation is dead");

        Http.Reply logout = b.send(b.request("api/session/logout")
                .header("X-Session-Token", rotated)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(204, logout.status(), logout.toString());
        assertEquals("", logout.header("X-Session-Token"), "an empty header says: no session any more");
        assertEquals(
                401,
                a.send(a.request("api/session/me")
                                .header("X-Session-Token", rotated)
                                .GET()
                                .build())
                        .status());
    }

    private static final java.util.regex.Pattern VIEW_STATE =
            java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    /** The page's counters and its view state, from the rendered HTML. */
    private record Clicks(int session, int view, String viewState) {
        static Clicks of(Http.Reply page) {
            assertEquals(200, page.status(), page.toString());
            java.util.regex.Matcher state = VIEW_STATE.matcher(page.body());
            assertTrue(state.find(), "a view state in the page: " + page.body());
            return new Clicks(number(page.body(), "f:session"), number(page.body(), "f:view"), state.group(1));
        }

        private static int number(String html, String id) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("id=\"" + id + "\">(\\d+)<").matcher(html);
            assertTrue(m.find(), id + " in the page: " + html);
            return Integer.parseInt(m.group(1));
        }
    }

    private static Clicks click(Browser browser, PayaraMicroNode node, Clicks page) {
        Http http = node.http();
        String form = "f=f&f%3Aadd=Click&jakarta.faces.ViewState="
                + java.net.URLEncoder.encode(page.viewState(), java.nio.charset.StandardCharsets.UTF_8);
        Http.Reply reply = http.send(http.request("clicks.xhtml")
                .header("Cookie", "SESSION=" + browser.session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        return Clicks.of(reply);
    }

    @Test
    @Order(5)
    void facesPage_PostbacksAlternatingNodes_KeepTheViewScopedAndTheSessionScopedBean() {
        Browser browser = new Browser();
        Clicks page = Clicks.of(browser.get(nodeA, "clicks.xhtml"));
        assertNotNull(browser.session, "the rendered view is kept in a redkit session");
        assertEquals(0, page.session());
        assertEquals(0, page.view());
        page = click(browser, nodeB, page); // a postback on B of the view A rendered
        assertEquals(1, page.view(), "the view-scoped bean went on on node B");
        assertEquals(1, page.session());
        page = click(browser, nodeA, page);
        page = click(browser, nodeB, page);
        assertEquals(3, page.view());
        assertEquals(3, page.session());

        Clicks fresh = Clicks.of(browser.get(nodeB, "clicks.xhtml")); // a new view of the same session
        assertEquals(0, fresh.view(), "a new view starts its own count");
        assertEquals(3, fresh.session(), "the session-scoped bean is the session's, on either node");
        fresh = click(browser, nodeA, fresh);
        assertEquals(1, fresh.view());
        assertEquals(4, fresh.session());
    }

    @Test
    @Order(5)
    void rememberMe_PersistentCookieBoundedByTheTimeout_KeptThroughARotationOnTheOtherNode() {
        Browser plain = new Browser();
        Http.Reply session = plain.login(nodeA, "rita");
        String cookie = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .reduce((first, last) -> last)
                .orElseThrow();
        assertFalse(cookie.contains("Max-Age"), "without remember-me a browser-session cookie: " + cookie);

        Browser remembered = new Browser();
        Http.Reply login =
                remembered.send(nodeA, "POST", "api/session/login", "{\"user\":\"rita\",\"rememberMe\":true}");
        assertEquals(200, login.status(), login.toString());
        String persistent = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .reduce((first, last) -> last)
                .orElseThrow();
        assertTrue(persistent.contains("; Max-Age=8;"), "Max-Age bounded by the 8 s session timeout: " + persistent);
        assertTrue(persistent.contains("HttpOnly") && persistent.contains("SameSite=Lax"), persistent);

        String before = remembered.session;
        Http.Reply again = remembered.send(nodeB, "POST", "api/session/login", "{\"user\":\"rita\"}");
        assertEquals(200, again.status(), again.toString());
        assertNotEquals(before, remembered.session, "the login rotated the id");
        assertTrue(
                again.headers().allValues("Set-Cookie").stream()
                        .anyMatch(c -> c.startsWith("SESSION=" + remembered.session) && c.contains("; Max-Age=8;")),
                "the rotated id stays in a persistent cookie on the other node: "
                        + again.headers().map());
    }

    @Test
    @Order(5)
    void badCookies_GetNoErrorAndANewSessionWhenAskedFor() {
        for (String bad : new String[] {"garbage", "x".repeat(5000), "AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA", "a b;c"}) {
            Browser browser = new Browser();
            browser.session = bad;
            assertEquals(401, browser.get(nodeA, "api/session/me").status(), bad);
            assertEquals(200, browser.login(nodeA, "erin").status());
            assertEquals(200, browser.get(nodeB, "api/session/me").status());
        }
    }

    @Test
    @Order(6)
    void poisonedBytesInRedis_GiveAFreshSessionNot500() {
        Browser browser = new Browser();
        browser.login(nodeA, "frank");
        String key = sessionKey(browser.session);
        redis.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).put("a:user".getBytes(), new byte[] {1, 2, 3});
        Http.Reply me = browser.get(nodeB, "api/session/me");
        assertEquals(401, me.status(), "the unreadable session is dropped: " + me);
        assertTrue(nodeB.log().contains("cannot be read"), "and the reason logged");
        assertEquals(200, browser.login(nodeB, "frank").status());
    }

    @Test
    @Order(6)
    void bombInAnAttribute_ThreeRequestsGetFreshSessions_NeverA500() {
        Browser victim = new Browser();
        assertEquals(200, victim.login(nodeA, "ivan").status());
        assertEquals(
                201,
                victim.send(nodeA, "PUT", "api/session/attributes/cart", "[1,2]")
                        .status());
        String poisoned = victim.session;
        String key = sessionKey(poisoned);
        // an attacker with write access to Redis: 35 bytes declaring a 16 GiB long[]
        redis.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).put("a:cart".getBytes(), CodecBombs.longArray());
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Browser request = new Browser();
            request.session = poisoned;
            Http.Reply reply = request.send(i % 2 == 0 ? nodeB : nodeA, "PUT", "api/session/attributes/probe", "1");
            assertEquals(201, reply.status(), "request " + i + ": " + reply);
            assertNotEquals(poisoned, request.session, "request " + i + " gets a fresh session cookie");
            fresh.add(request.session);
        }
        assertEquals(3, new java.util.HashSet<>(fresh).size(), "three fresh sessions");
        assertEquals(0, redis.getKeys().countExists(key), "the poisoned session is gone from Redis");
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            String log = node.log();
            assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError on " + node);
            assertFalse(log.contains(poisoned), "the session id is never logged");
        }
        assertTrue(nodeB.log().contains("LIMIT_EXCEEDED"), "the reason is logged");
    }

    @Test
    @Order(7)
    void oversizedSession_Is413AndNothingIsStored() {
        Browser browser = new Browser();
        browser.login(nodeA, "gina");
        Http.Reply reply = browser.send(nodeA, "PUT", "api/session/attributes/big", "\"" + "y".repeat(30_000) + "\"");
        assertEquals(413, reply.status(), reply.toString());
        assertTrue(reply.json().getString("detail").contains("redkit.session.max-bytes"));
        assertEquals(404, browser.get(nodeB, "api/session/attributes/big").status());
        assertEquals(200, browser.get(nodeB, "api/session/me").status());
    }

    @Test
    @Order(8)
    void inactivity_RefreshedByUse_ThenExpiresAndFiresDestroyed() {
        long destroyedBefore = destroyedLoggedIn();
        Browser browser = new Browser();
        browser.login(nodeA, "hank");
        long lastUse = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            // each request comes 4 s after the previous one: past half the 8 s limit, well within it
            awaitElapsed(lastUse, Duration.ofSeconds(4));
            lastUse = System.nanoTime();
            assertEquals(
                    200,
                    browser.get(i % 2 == 0 ? nodeB : nodeA, "api/session/me").status(),
                    "still alive after " + (i + 1) * 4 + " s: each request refreshes the 8 s limit");
        }
        // the behaviour under test is a duration: any request before 8 s idle would refresh the session
        awaitElapsed(lastUse, Duration.ofMillis(9_500));
        assertEquals(401, browser.get(nodeA, "api/session/me").status(), "expired after 8 s without requests");
        Awaitility.await("sessionDestroyed fired by the cleanup on some node")
                .atMost(Duration.ofSeconds(15))
                .until(() -> destroyedLoggedIn() > destroyedBefore);
    }

    /** Lets {@code duration} pass since {@code since}: for tests of inactivity limits, where time is the input. */
    private static void awaitElapsed(long since, Duration duration) {
        Awaitility.await()
                .atMost(duration.plusSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> System.nanoTime() - since >= duration.toNanos());
    }

    @Test
    @Order(9)
    void redisStopped_SessionRoutes503_OthersUnaffected() {
        Browser browser = new Browser();
        browser.login(nodeA, "ivy");
        RedisTestServer harness = RedisTestServer.shared();
        try {
            harness.stop();
            Http.Reply me = browser.get(nodeA, "api/session/me");
            assertEquals(503, me.status(), me.toString());
            assertEquals("urn:redkit:problem:redis-unavailable", me.json().getString("type"));
            assertNotNull(me.header("Retry-After"));
            assertEquals(
                    200,
                    browser.send(OpsLogin.as(nodeA), "GET", "", null).status(),
                    "a page that does not touch the session (the dashboard, as the operator, with the SESSION cookie)");
            assertEquals(200, nodeA.http().get("health/live").status());
        } finally {
            harness.start();
        }
        // both nodes serve sessions again (each pooled connection reconnects on its own schedule)
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            awaitStatus(200, () -> browser.login(node, "ivy"));
        }
    }

    @Test
    @Order(10)
    void sessionCommitRefusedByRedis_Is503_AndTheOldStateStays() {
        Browser browser = new Browser();
        awaitStatus(200, () -> browser.login(nodeA, "ivo")); // Redis may just have been restarted
        assertEquals(
                201,
                browser.send(nodeA, "PUT", "api/session/attributes/step", "\"one\"")
                        .status());
        int port = RedisTestServer.shared().port();
        // reads still work, every write is refused (OOM): the session load succeeds, its commit fails
        FaultyRedis.command(port, "CONFIG", "SET", "maxmemory-policy", "noeviction");
        FaultyRedis.command(port, "CONFIG", "SET", "maxmemory", "1");
        try {
            Browser newcomer = new Browser();
            Http.Reply login = newcomer.login(nodeB, "newcomer");
            assertEquals(503, login.status(), "a login whose session cannot be stored: " + login);
            assertEquals("urn:redkit:problem:redis-unavailable", login.json().getString("type"));
            assertNotNull(login.header("Retry-After"));
            assertEquals(null, newcomer.session, "no cookie for a session that does not exist");

            Http.Reply change = browser.send(nodeB, "PUT", "api/session/attributes/step", "\"two\"");
            assertEquals(503, change.status(), change.toString());
        } finally {
            FaultyRedis.command(port, "CONFIG", "SET", "maxmemory", "0");
        }
        // the first read may still meet the tail of the outage (a pooled connection of node A reconnecting): 503
        // there is the documented answer, so wait for the 200 and judge what it returns
        assertEquals(
                "\"one\"",
                awaitStatus(200, () -> browser.get(nodeA, "api/session/attributes/step"))
                        .body(),
                "the refused change is not there");
        assertEquals(
                200,
                browser.send(nodeA, "PUT", "api/session/attributes/step", "\"two\"")
                        .status(),
                "and the same request works once Redis takes writes again");
        assertEquals(
                "\"two\"", browser.get(nodeB, "api/session/attributes/step").body());
    }

    @Test
    @Order(11)
    void nodeKilledMidSession_TheOtherNodeKeepsServingIt() {
        Browser browser = new Browser();
        awaitStatus(200, () -> browser.login(nodeA, "judy")); // Redis may just have been restarted
        assertEquals(
                201,
                browser.send(nodeA, "PUT", "api/session/attributes/draft", "\"unsaved work\"")
                        .status(),
                "acknowledged, so stored");
        nodeA.kill();
        assertEquals(200, browser.get(nodeB, "api/session/me").status());
        assertEquals(
                "\"unsaved work\"",
                browser.get(nodeB, "api/session/attributes/draft").body());
    }

    /** Retries a request until it answers {@code status} (after a Redis restart, pooled connections reconnect). */
    private static Http.Reply awaitStatus(int status, java.util.function.Supplier<Http.Reply> request) {
        return Awaitility.await("HTTP " + status)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(request::get, reply -> reply.status() == status);
    }

    private static long events(PayaraMicroNode node, String event) {
        JsonObject events = node.http().get("api/session/events").json();
        return events.containsKey(event) ? events.getJsonNumber(event).longValue() : 0;
    }

    private static long destroyedLoggedIn() {
        long total = 0;
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            if (node.isAlive()) {
                JsonObject events = node.http().get("api/session/events").json();
                total += events.containsKey("destroyedLoggedIn")
                        ? events.getJsonNumber("destroyedLoggedIn").longValue()
                        : 0;
            }
        }
        return total;
    }

    private static Map<String, Long> commandStats() {
        return RedisCommandStats.read(redis);
    }

    /**
     * Round trips between two readings: the session filter talks to Redis only through scripts (load-and-touch,
     * save), so its round trips are the EVALSHA/EVAL calls; the commands a script runs inside Redis are not.
     */
    private static long clientCalls(Map<String, Long> before, Map<String, Long> after) {
        long total = 0;
        for (String command : List.of("evalsha", "eval")) {
            total += after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
        }
        return total;
    }

    /** The Redis key of session {@code id}: {@code redkit:session:{<family>}:<hash of the secret>}. */
    private static String sessionKey(String id) {
        return "redkit:session:{" + id.substring(0, 8) + "}:" + io.redkit.redis.KeyHash.of(id.substring(9));
    }
}
