package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.RedisTestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A foreign application adopts redkit: the shop WAR (package {@code com.example.shop}) is built from the
 * {@code redkit-kit} jar alone, with its own persistence unit, JAX-RS application, configuration and Redis client,
 * deployed on Payara Micro against the harness Redis. Everything it asked for works; nothing of redkit's reference
 * application comes with it.
 */
class ShopIT {

    private static PayaraMicroNode shop;
    private static RedissonClient redis;

    @BeforeAll
    static void deployTheShop() {
        redis = RedisTestServer.shared().newClient();
        String address = RedisTestServer.shared().address();
        shop = PayaraMicroNode.start("shop", Map.of("redkit.redis.address", address, "shop.redis.address", address));
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(shop);
        if (redis != null) {
            redis.shutdown();
        }
    }

    @Test
    void cacheResult_SecondCallIsAHitInTheCacheStatistics_AndTheMethodRanOnce() {
        Http http = shop.http();
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
        assertFalse(keys("shop:*prices*").isEmpty(), "the cache lives in Redis under the shop's key prefix");
    }

    @Test
    void hibernateSecondLevelCache_ReadsAnArticleWithNoSql() {
        Http http = shop.http();
        Http.Reply created = http.post("shop/articles/lamp", "text/plain", "");
        assertEquals(200, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        http.get("shop/articles/" + id); // the first read may load it from the database

        Http.Reply cached = http.get("shop/articles/" + id);
        assertEquals(200, cached.status(), cached.toString());
        assertEquals("lamp", cached.json().getString("title"));
        assertEquals(0, cached.json().getInt("sqlStatements"), cached.toString());
        assertEquals(1, cached.json().getInt("secondLevelCacheHits"), cached.toString());
        assertFalse(keys("shop:*Article*").isEmpty(), "the entity region lives in Redis: " + keys("shop:*"));
    }

    @Test
    void session_IsKeptInRedis_AndServedBackByCookie() {
        Http http = shop.http();
        Http.Reply added = http.post("shop/cart/tea", "text/plain", "");
        assertEquals(200, added.status(), added.toString());
        String cookie = added.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie: " + added));
        String id = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
        assertEquals(id, added.json().getString("session"));
        // the key is shop:session:{<first part of the id>}:<rest>: the hash tag keeps a session's keys in one slot
        String tail = id.substring(id.indexOf('.') + 1);
        assertFalse(keys("shop:session:*" + tail).isEmpty(), "session " + id + " in Redis: " + keys("shop:*"));

        Http.Reply cart = http.send(http.request("shop/cart")
                .header("Cookie", "SESSION=" + id)
                .GET()
                .build());
        assertEquals("[\"tea\"]", cart.body());
    }

    @Test
    void rateLimit_FourthGreetingIs429WithRateLimitHeaders() {
        Http http = shop.http();
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
        Http http = shop.http();
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
        Http http = shop.http();
        Awaitility.await("the shop's @ClusterSingleton job ran")
                .atMost(Duration.ofSeconds(30))
                .until(() -> http.get("shop/report").json().getInt("runs") > 0);
        assertFalse(keys("shop:jobs:*shop-report*").isEmpty(), "its state in Redis: " + keys("shop:*"));
    }

    @Test
    void hostsOwnRedisClient_WorksBesideRedkits() {
        Http http = shop.http();
        Http.Reply stored = http.send(http.request("shop/notes/welcome")
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("hi"))
                .build());
        assertEquals(200, stored.status(), stored.toString());
        assertEquals("hi", stored.json().getString("stored"));
        assertEquals(
                "hi",
                redis.getBucket("shop-notes:welcome", StringCodec.INSTANCE).get());
    }

    @Test
    void nothingOfTheReferenceAppComesWithTheKit() {
        Http http = shop.http();
        for (String path : new String[] {"api/products", "api/jobs", "api/ratelimits", "api/caches", "problem"}) {
            assertEquals(404, http.get(path).status(), path);
        }
        String log = shop.log();
        assertFalse(log.contains("io.redkit.app"), "no class of the reference app was loaded");
        assertTrue(log.contains("shop was successfully deployed") || log.contains("successfully deployed"), log);
    }

    private static java.util.List<String> keys(String pattern) {
        return StreamSupport.stream(redis.getKeys().getKeysByPattern(pattern).spliterator(), false)
                .toList();
    }
}
