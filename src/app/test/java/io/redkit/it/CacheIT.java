package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Deployments;
import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.RedisTestServer;
import jakarta.json.JsonObject;
import java.net.URL;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * The JCache slice on Payara Micro: {@code @CacheResult}/{@code @CachePut}/{@code @CacheRemove} on the profile
 * service (hits and misses counted by the service's own load counter and by JCache statistics), only redkit's
 * interceptor in the chain, Hibernate L2 hits (no SQL on the second load), and writes that invalidate.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.redkitWar()
                .addClasses(io.redkit.it.cache.EjbLookups.class)
                .addClasses(io.redkit.it.cache.EjbLookups.class.getDeclaredClasses())
                .addClasses(io.redkit.it.cache.HostBeans.class)
                .addClasses(io.redkit.it.cache.HostBeans.class.getDeclaredClasses());
    }

    @ArquillianResource
    URL base;

    Http http;

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
    }

    private JsonObject profile(long id) {
        Http.Reply reply = http.get("api/users/" + id + "/profile");
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    @Test
    @Order(1)
    void cacheResult_FirstCallRunsTheMethod_SecondIsAHit() {
        CacheStats before = CacheStats.read(http);
        long first = profile(1).getJsonNumber("loadNumber").longValue();
        long second = profile(1).getJsonNumber("loadNumber").longValue();
        CacheStats after = CacheStats.read(http);
        assertEquals(first, second, "the second call was answered from the cache: the method did not run again");
        assertEquals(1, after.cache("profiles", "misses") - before.cache("profiles", "misses"));
        assertEquals(1, after.cache("profiles", "hits") - before.cache("profiles", "hits"));
        assertEquals(1, after.cache("profiles", "puts") - before.cache("profiles", "puts"));
    }

    /**
     * If the server's own (Hazelcast) interceptor for @CacheResult ran too, it would answer from its cache; here the
     * Redis entries are deleted behind the application's back, and the next call must run the method.
     */
    @Test
    @Order(2)
    void onlyRedkitsInterceptorRuns() {
        long first = profile(2).getJsonNumber("loadNumber").longValue();
        assertEquals(first, profile(2).getJsonNumber("loadNumber").longValue());
        RedissonClient redis = RedisTestServer.shared().newClient();
        try {
            long deleted = 0;
            for (String key :
                    redis.getKeys().getKeys(KeysScanOptions.defaults().pattern("*jcache:{default|profiles}*"))) {
                deleted += redis.getKeys().delete(key);
            }
            assertTrue(deleted > 0, "the profiles cache lives in Redis");
        } finally {
            redis.shutdown();
        }
        long after = profile(2).getJsonNumber("loadNumber").longValue();
        assertNotEquals(first, after, "a miss in Redis ran the method: no other cache answered");
    }

    @Test
    @Order(3)
    void cachePutStoresTheNewValue_CacheRemoveDropsIt() {
        Http.Reply put = http.send(http.request("api/users/3/profile")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"displayName\":\"Linus T.\",\"email\":\"lt@example.com\"}"))
                .build());
        assertEquals(200, put.status(), put.toString());
        JsonObject cached = profile(3);
        assertEquals("Linus T.", cached.getString("displayName"));
        assertEquals(0, cached.getJsonNumber("loadNumber").longValue(), "served from the value @CachePut stored");

        assertEquals(204, http.delete("api/users/3/profile").status());
        Http.Reply gone = http.get("api/users/3/profile");
        assertEquals(404, gone.status(), "removed from the cache, not only from the database");
        assertEquals("application/problem+json", gone.contentType());

        Http.Reply invalid = http.send(http.request("api/users/4/profile")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"displayName\":\"\",\"email\":\"nope\"}"))
                .build());
        assertEquals(400, invalid.status(), invalid.toString());
        assertTrue(invalid.body().contains("email"), invalid.body());
    }

    @Test
    @Order(4)
    void hibernateSecondLoadIsAnL2HitWithoutSql() {
        assertEquals(200, http.get("api/products/1").status());
        CacheStats before = CacheStats.read(http);
        Http.Reply again = http.get("api/products/1");
        CacheStats after = CacheStats.read(http);
        assertEquals(200, again.status());
        assertEquals("KB-001", again.json().getString("sku"));
        assertEquals(0, after.hibernate("prepareStatements") - before.hibernate("prepareStatements"), "no SQL");
        assertTrue(after.hibernate("secondLevelHits") > before.hibernate("secondLevelHits"), "an L2 hit");
        assertEquals(before.hibernate("entityLoads"), after.hibernate("entityLoads"));

        assertEquals(200, http.get("api/products?category=mice").status());
        CacheStats q1 = CacheStats.read(http);
        Http.Reply mice = http.get("api/products?category=mice");
        CacheStats q2 = CacheStats.read(http);
        assertTrue(mice.body().contains("MS-001"), mice.body());
        assertTrue(q2.hibernate("queryCacheHits") > q1.hibernate("queryCacheHits"), "a query cache hit");
        assertEquals(0, q2.hibernate("prepareStatements") - q1.hibernate("prepareStatements"), "no SQL");
    }

    @Test
    @Order(5)
    void writesInvalidateEntityQueryAndTaggedCaches() {
        assertTrue(http.get("api/products?category=keyboards").body().contains("Travel keyboard"));
        assertEquals(2, http.get("api/products/summary").json().getInt("keyboards"));

        Http.Reply updated = sendJson(
                "PUT",
                "api/products/2",
                "{\"sku\":\"KB-002\",\"name\":\"Folding keyboard\",\"category\":\"keyboards\",\"priceCents\":5200}");
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Folding keyboard", http.get("api/products/2").json().getString("name"));
        String list = http.get("api/products?category=keyboards").body();
        assertTrue(list.contains("Folding keyboard") && !list.contains("Travel keyboard"), list);

        Http.Reply created = sendJson(
                "POST",
                "api/products",
                "{\"sku\":\"KB-003\",\"name\":\"Split keyboard\",\"category\":\"keyboards\",\"priceCents\":15900,"
                        + "\"tags\":[\"ergonomic\"]}");
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        assertTrue(http.get("api/products?category=keyboards").body().contains("Split keyboard"));
        assertEquals(3, http.get("api/products/summary").json().getInt("keyboards"), "summary invalidated by tag");

        Http.Reply duplicate = sendJson(
                "POST",
                "api/products",
                "{\"sku\":\"KB-003\",\"name\":\"Again\",\"category\":\"keyboards\",\"priceCents\":1}");
        assertEquals(409, duplicate.status(), duplicate.toString());
        Http.Reply invalid = sendJson("POST", "api/products", "{\"sku\":\"\",\"category\":\"x\",\"priceCents\":-1}");
        assertEquals(400, invalid.status(), invalid.toString());
        assertTrue(invalid.body().contains("priceCents"), invalid.body());

        assertEquals(204, http.delete("api/products/" + id).status());
        assertEquals(404, http.get("api/products/" + id).status());
        assertTrue(!http.get("api/products?category=keyboards").body().contains("Split keyboard"));
        assertEquals(2, http.get("api/products/summary").json().getInt("keyboards"));
        assertEquals(404, http.get("api/products/sku/KB-003").status(), "natural-id cache invalidated too");
    }

    @Test
    @Order(6)
    void annotationsWorkOnStatelessAndSingletonEjbsAndRequestScopedBeans() {
        for (String kind : new String[] {"stateless", "singleton", "request"}) {
            Http.Reply first = http.get("api/test/cached/" + kind + "/x");
            assertEquals(200, first.status(), first.toString());
            assertEquals(
                    first.body(), http.get("api/test/cached/" + kind + "/x").body(), kind + ": second call hit");
            assertNotEquals(
                    first.body(), http.get("api/test/cached/" + kind + "/y").body(), kind + ": other key");
        }
    }

    // ---- caching strategies (io.redkit.app.caching)

    private long count(String name) {
        Http.Reply overview = http.get("api/caching");
        assertEquals(200, overview.status(), overview.toString());
        return overview.json().getJsonNumber(name).longValue();
    }

    private long productId(String sku) {
        return http.get("api/products/sku/" + sku).json().getJsonNumber("id").longValue();
    }

    @Test
    @Order(7)
    void readThrough_AMissRunsTheLoader_AHitDoesNot() {
        long loads = count("priceLoads");
        Http.Reply first = http.get("api/caching/prices/MS-001");
        assertEquals(200, first.status(), first.toString());
        assertEquals(5900, first.json().getJsonNumber("priceCents").longValue());
        assertEquals(loads + 1, count("priceLoads"), "the miss loaded the price from the database");
        assertEquals(
                5900,
                http.get("api/caching/prices/MS-001")
                        .json()
                        .getJsonNumber("priceCents")
                        .longValue());
        assertEquals(loads + 1, count("priceLoads"), "the hit did not");

        Http.Reply unknown = http.get("api/caching/prices/NOPE-1");
        FoundationIT.assertProblem(unknown, 404, "about:blank", "NOPE-1");
    }

    @Test
    @Order(8)
    void writeThrough_APutWritesTheDatabaseFirst_AFailedWriteChangesNothing() {
        Http.Reply put = sendJson("PUT", "api/caching/prices/MN-001", "{\"priceCents\":27900}");
        assertEquals(200, put.status(), put.toString());
        assertEquals(
                27900,
                http.get("api/products/sku/MN-001")
                        .json()
                        .getJsonNumber("priceCents")
                        .longValue(),
                "the writer updated the product row");
        long loads = count("priceLoads");
        assertEquals(
                27900,
                http.get("api/caching/prices/MN-001")
                        .json()
                        .getJsonNumber("priceCents")
                        .longValue());
        assertEquals(loads, count("priceLoads"), "the cache holds the written price: no load");

        long writes = count("priceWrites");
        FoundationIT.assertProblem(
                sendJson("PUT", "api/caching/prices/NOPE-2", "{\"priceCents\":100}"), 404, "about:blank", "NOPE-2");
        assertEquals(writes + 1, count("priceWrites"), "the writer ran and refused");
        FoundationIT.assertProblem(
                http.get("api/caching/prices/NOPE-2"), 404, "about:blank", "NOPE-2"); // nothing was cached
        Http.Reply invalid = sendJson("PUT", "api/caching/prices/MN-001", "{\"priceCents\":-5}");
        FoundationIT.assertProblem(invalid, 400, "urn:redkit:problem:validation", "priceCents");
    }

    @Test
    @Order(9)
    void tags_AProductChangeInvalidatesExactlyThePagesShowingIt() {
        Http.Reply miss = http.get("api/caching/pages/mice");
        assertEquals(200, miss.status(), miss.toString());
        long loadNumber = miss.json().getJsonNumber("loadNumber").longValue();
        Http.Reply hit = http.get("api/caching/pages/mice");
        assertEquals("HIT", hit.header("X-Cache"));
        assertEquals(loadNumber, hit.json().getJsonNumber("loadNumber").longValue());
        http.get("api/caching/pages/monitors");
        assertEquals("HIT", http.get("api/caching/pages/monitors").header("X-Cache"));

        long id = productId("MS-001");
        Http.Reply renamed = sendJson(
                "PUT",
                "api/products/" + id,
                "{\"sku\":\"MS-001\",\"name\":\"Vertical trackball\",\"category\":\"mice\",\"priceCents\":5900}");
        assertEquals(200, renamed.status(), renamed.toString());

        Http.Reply after = http.get("api/caching/pages/mice");
        assertEquals("MISS", after.header("X-Cache"), "the page showing the product was invalidated");
        assertTrue(after.body().contains("Vertical trackball"), after.body());
        assertEquals("HIT", http.get("api/caching/pages/monitors").header("X-Cache"), "other pages kept");

        Http.Reply invalidated = http.post("api/caching/tags/category:monitors/invalidate", "application/json", "");
        assertEquals(200, invalidated.status(), invalidated.toString());
        assertEquals(1, invalidated.json().getInt("invalidated"));
        assertEquals("MISS", http.get("api/caching/pages/monitors").header("X-Cache"));
    }

    /** The IT container runs with stats-ttl=6s and stats-refresh-below=4s (arquillian.xml). */
    @Test
    @Order(10)
    void refreshAhead_ReadsNearExpiryAreHits_AndTheValueIsReloadedInTheBackground() throws Exception {
        Http.Reply first = http.get("api/caching/price-stats/monitors");
        assertEquals(200, first.status(), first.toString());
        assertEquals("MISS", first.json().getString("cache"));
        long loadNumber =
                first.json().getJsonObject("value").getJsonNumber("loadNumber").longValue();
        assertEquals(
                1, first.json().getJsonObject("value").getJsonObject("stats").getInt("products"));

        Thread.sleep(2500); // now under 4 s of the 6 s are left
        Http.Reply near = http.get("api/caching/price-stats/monitors");
        assertEquals("HIT", near.json().getString("cache"), near.toString());
        assertTrue(near.json().getBoolean("refreshStarted"), near.toString());
        assertEquals(
                loadNumber,
                near.json().getJsonObject("value").getJsonNumber("loadNumber").longValue());

        JsonObject latest = Awaitility.await("reloaded in the background")
                .atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> http.get("api/caching/price-stats/monitors").json(), view -> {
                    assertEquals("HIT", view.getString("cache"), "no reader waits for a load: " + view);
                    return view.getJsonObject("value")
                                    .getJsonNumber("loadNumber")
                                    .longValue()
                            > loadNumber;
                });
        assertTrue(
                latest.getJsonObject("value").getJsonNumber("loadNumber").longValue() > loadNumber,
                "reloaded in the background: " + latest);
        assertTrue(latest.getJsonNumber("ttlRemainingMs").longValue() > 4000, "with a fresh TTL: " + latest);
    }

    @Test
    @Order(11)
    void writeBehind_RatingsAreReadableAtOnce_AndReachTheDatabaseAtTheNextFlush() throws Exception {
        long id = productId("KB-001");
        Http.Reply rated = sendJson("PUT", "api/caching/ratings/" + id + "/ada", "{\"stars\":5}");
        assertEquals(200, rated.status(), rated.toString());
        sendJson("PUT", "api/caching/ratings/" + id + "/grace", "{\"stars\":4}");
        Http.Reply third = sendJson("PUT", "api/caching/ratings/" + id + "/linus", "{\"stars\":3}");
        assertEquals(3, third.json().getInt("count"));
        assertEquals(4.0, third.json().getJsonNumber("average").doubleValue());

        // stored first (commit), then acked in Redis (no longer pending): wait for both
        JsonObject view = Awaitility.await("the ratings flushed and acked")
                .atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(
                        () -> http.get("api/caching/ratings/" + id).json(),
                        v -> !v.isNull("stored")
                                && v.getJsonObject("stored").getInt("count") == 3
                                && !v.getBoolean("pendingFlush"));
        assertEquals(3, view.getJsonObject("cached").getInt("count"));
        assertEquals(3, view.getJsonObject("stored").getInt("count"), "flushed to the database: " + view);
        assertEquals(4.0, view.getJsonObject("stored").getJsonNumber("average").doubleValue());
        assertTrue(!view.getBoolean("pendingFlush"), view.toString());
        assertTrue(count("writeBehindBatches") >= 1);

        FoundationIT.assertProblem(
                sendJson("PUT", "api/caching/ratings/" + id + "/ada", "{\"stars\":6}"),
                400,
                "urn:redkit:problem:validation",
                "stars");
        FoundationIT.assertProblem(
                sendJson("PUT", "api/caching/ratings/999999/ada", "{\"stars\":3}"), 404, "about:blank", "999999");
    }

    private Http.Reply sendJson(String method, String path, String json) {
        return http.send(http.request(path)
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Test
    @Order(50)
    void hostsOwnRedissonClientAndCacheManager_DoNotCollideWithRedkits() {
        Http.Reply host = http.get("api/host-beans");
        assertEquals(200, host.status(), host.toString());
        JsonObject beans = host.json();
        assertEquals("StringCodec", beans.getString("clientCodec"), "the host's injection gets the host's client");
        assertEquals(
                "jsr107-default-config",
                beans.getString("cacheManager"),
                "and the host's own CacheManager (Redisson's provider, its default URI), not redkit's: " + beans);
        assertEquals("written by the host's own client", beans.getString("probe"));
        // redkit's features still run on redkit's own client and manager
        assertEquals(200, OpsLogin.as(http).get("api/caches").status());
        long first = profile(2).getJsonNumber("loadNumber").longValue();
        assertEquals(first, profile(2).getJsonNumber("loadNumber").longValue(), "@CacheResult still hits");
    }
}
