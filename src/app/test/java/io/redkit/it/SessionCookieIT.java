package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisCommandStats;
import io.redkit.testing.RedisTestServer;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The session cookie against a client that lies (issue 20): a {@code __Host-} cookie, a Cookie header stuffed with
 * session cookies, and a session attribute mutated in place until it outgrows {@code redkit.session.max-bytes}. One
 * node, {@code host-prefix=true} and {@code save-mode=on-get-attribute} (attributes read are re-encoded at commit).
 */
class SessionCookieIT {

    private static final String COOKIE = "__Host-SESSION";
    private static PayaraMicroNode node;
    private static RedissonClient redis;

    @BeforeAll
    static void start() {
        redis = RedisTestServer.shared().newClient();
        node = PayaraMicroNode.start(
                "session-cookie",
                Map.of(
                        "redkit.redis.address", RedisTestServer.shared().address(),
                        "redkit.app.jobs.summary.seconds", "off",
                        "redkit.app.queue.workers", "0", // no background scripts between the counts
                        "redkit.session.cookie.host-prefix", "true",
                        "redkit.session.save-mode", "on-get-attribute",
                        "redkit.session.max-bytes", "20000",
                        // X-Forwarded-For from the test's loopback "proxy" names the client; 5 new sessions a minute
                        "redkit.proxy.trusted", "127.0.0.1",
                        "redkit.session.creation-limit", "5/1m"));
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(node);
        if (redis != null) {
            redis.shutdown();
        }
    }

    @Test
    void hostPrefix_CookieIsHostPrefixedSecurePathRootWithoutDomain_AndIsHonoured() {
        Http.Reply login = send("POST", "api/session/login", "{\"user\":\"hana\",\"role\":\"user\"}", null);
        assertEquals(200, login.status(), login.toString());
        String header = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(COOKIE + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + COOKIE + " cookie: " + login.headers()));
        assertTrue(header.contains("; Path=/;") && header.contains("; Secure"), header);
        assertTrue(!header.contains("Domain="), header);
        String id = login.setCookie(COOKIE);
        assertEquals(200, send("GET", "api/session/me", null, COOKIE + "=" + id).status());
        assertEquals(
                401, send("GET", "api/session/me", null, "SESSION=" + id).status(), "the unprefixed name is not it");
    }

    @Test
    void anEightKilobyteCookieHeaderOfSessionCookies_AtMostThreeLookups_MalformedOnesNone() {
        Http.Reply login = send("POST", "api/session/login", "{\"user\":\"ivan\",\"role\":\"user\"}", null);
        String id = login.setCookie(COOKIE);
        // 160 cookies of the id's shape (~7.7 KB, what the container accepts): only the cap stops the lookups
        long lookups = fewestLookups(() -> {
            StringJoiner cookies = new StringJoiner("; ");
            for (int i = 0; i < 160; i++) {
                cookies.add(COOKIE + "=" + randomId());
            }
            return cookies.toString();
        });
        System.out.println("session lookups for a request with 160 session cookies: " + lookups);
        assertTrue(lookups <= 3, "lookups for 160 session cookies: " + lookups);
        // values not of the id's shape cost no lookup at all
        long junk = fewestLookups(() -> {
            StringJoiner cookies = new StringJoiner("; ");
            for (int i = 0; i < 200; i++) {
                cookies.add(COOKIE + "=junk" + i);
            }
            return cookies.toString();
        });
        assertEquals(0, junk, "lookups for 200 malformed session cookies");
        // a browser sending a stale cookie before the live one (two paths) still gets its session
        Http.Reply found = send("GET", "api/session/me", null, COOKIE + "=" + randomId() + "; " + COOKIE + "=" + id);
        assertEquals(200, found.status(), found.toString());
    }

    /** The fewest script calls of three anonymous requests with such cookies (background work only adds calls). */
    private static long fewestLookups(java.util.function.Supplier<String> cookies) {
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            String header = cookies.get();
            Map<String, Long> before = RedisCommandStats.read(redis);
            Http.Reply reply = send("GET", "api/session/me", null, header);
            long calls = scriptCalls(before, RedisCommandStats.read(redis));
            assertEquals(401, reply.status(), reply.toString());
            fewest = Math.min(fewest, calls);
        }
        return fewest;
    }

    @Test
    void attributeMutatedInPlacePastMaxBytes_Is413AtCommit_AndTheStoredSessionStaysAsBefore() {
        Http.Reply login = send("POST", "api/session/login", "{\"user\":\"jun\",\"role\":\"user\"}", null);
        String cookie = COOKIE + "=" + login.setCookie(COOKIE);
        String item = "\"" + "z".repeat(7000) + "\"";
        assertEquals(
                201,
                send("POST", "api/session/attributes/list/items", item, cookie).status());
        assertEquals(
                200,
                send("POST", "api/session/attributes/list/items", item, cookie).status());
        // the third item is appended to the list in place: setAttribute never sees it, the commit does
        Http.Reply tooBig = send("POST", "api/session/attributes/list/items", item, cookie);
        assertEquals(413, tooBig.status(), tooBig.toString());
        assertTrue(tooBig.contentType().startsWith("application/problem+json"), tooBig.toString());
        assertTrue(tooBig.json().getString("detail").contains("redkit.session.max-bytes"), tooBig.toString());
        Http.Reply kept = send("GET", "api/session/attributes/list", null, cookie);
        assertEquals(200, kept.status(), kept.toString());
        assertEquals(2, kept.body().split("z{7000}", -1).length - 1, "the stored list keeps its two items");
        assertNotNull(send("GET", "api/session/me", null, cookie).json().getString("user"));
    }

    @Test
    void newSessionsOfOneClientOverTheCreationLimit_Are429_NothingStored_ItsSessionAndOtherClientsGoOn() {
        String flood = "198.51.100." + (1 + RANDOM.nextInt(250));
        String firstCookie = null;
        for (int i = 0; i < 5; i++) {
            Http.Reply login = sendFrom(flood, "POST", "api/session/login", "{\"user\":\"f" + i + "\"}", null);
            assertEquals(200, login.status(), "new session " + (i + 1) + " of 5: " + login);
            if (firstCookie == null) {
                firstCookie = COOKIE + "=" + login.setCookie(COOKIE);
            }
        }
        int stored = redis.getKeys()
                .getKeysStreamByPattern("redkit:session:*")
                .toList()
                .size();
        Http.Reply refused = sendFrom(flood, "POST", "api/session/login", "{\"user\":\"f6\"}", null);
        assertEquals(429, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
        assertTrue(refused.json().getString("detail").contains("redkit.session.creation-limit"), refused.toString());
        assertNotNull(refused.header("Retry-After"), refused.toString());
        assertEquals(null, refused.setCookie(COOKIE), "no session id handed out: " + refused);
        assertEquals(
                stored,
                redis.getKeys()
                        .getKeysStreamByPattern("redkit:session:*")
                        .toList()
                        .size(),
                "the refused session was not stored");

        Http.Reply own = sendFrom(flood, "GET", "api/session/me", null, firstCookie);
        assertEquals(200, own.status(), "the client's existing session is served: " + own);
        Http.Reply other = sendFrom("192.0.2.77", "POST", "api/session/login", "{\"user\":\"g\"}", null);
        assertEquals(200, other.status(), "another client still gets a session: " + other);
    }

    /** A request as if a proxy forwarded it for {@code client} (null: the loopback peer itself). */
    private static Http.Reply sendFrom(String client, String method, String path, String json, String cookie) {
        HttpRequest.Builder request = node.http().request(path);
        if (client != null) {
            request.header("X-Forwarded-For", client);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return node.http()
                .send(request.method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    private static Http.Reply send(String method, String path, String json, String cookie) {
        return sendFrom(null, method, path, json, cookie);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomId() {
        return random(6) + "." + random(16);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** The session filter talks to Redis only through scripts: its lookups are the EVALSHA/EVAL calls. */
    private static long scriptCalls(Map<String, Long> before, Map<String, Long> after) {
        long total = 0;
        for (String command : List.of("evalsha", "eval")) {
            total += after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
        }
        return total;
    }
}
